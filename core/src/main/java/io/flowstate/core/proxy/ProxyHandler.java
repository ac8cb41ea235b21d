package io.flowstate.core.proxy;

import io.flowstate.core.config.RetryConfig;
import io.flowstate.core.health.Outcome;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.resilience.BodyBuffer;
import io.flowstate.core.resilience.RetryBudget;
import io.flowstate.core.resilience.RetryPolicy;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Stages;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.telemetry.UpstreamMetrics;
import io.flowstate.core.time.Scheduler;
import io.flowstate.core.time.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The terminal handler of a route: sends the request to an endpoint of the route's pool
 * and returns what came back, in one straight line (in the manner of Go's
 * {@code httputil.ReverseProxy.ServeHTTP}): clone, strip hop-by-hop, set forwarding
 * fields, then per try: pick, send under a deadline, judge the outcome, retry or map it;
 * strip hop-by-hop from the response.
 *
 * <p>Retries happen only before anything was returned, so never after a byte of the
 * response went to the client; which requests and outcomes qualify is {@link RetryPolicy}'s
 * call, how many may run at once {@link RetryBudget}'s.
 */
public final class ProxyHandler implements Handler {

    /**
     * How this handler retries.
     *
     * @param policy    the pool's retry rules
     * @param budget    the pool's retry budget, shared by every route to the pool
     * @param anyMethod the route's {@code retryNonIdempotent}
     * @param scheduler runs a retry after its backoff
     * @param random    jitter for the backoff, one generator per calling thread
     */
    public record Retries(RetryPolicy policy, RetryBudget budget, boolean anyMethod, Scheduler scheduler,
                          Supplier<? extends RandomGenerator> random) {
        /** One try per request. */
        public static final Retries NONE = new Retries(new RetryPolicy(RetryConfig.DEFAULT.withAttempts(1)),
                new RetryBudget(0, 0), false, Scheduler.immediate(), ThreadLocalRandom::current);

        public Retries {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(random, "random");
        }
    }

    private final Pool pool;
    private final Upstream upstream;
    private final long tryTimeoutNanos;
    private final Ticker ticker;
    private final Retries retries;
    private final UpstreamMetrics metrics;

    /** A handler that sends each request once: no retries, no metrics. */
    public ProxyHandler(Pool pool, Upstream upstream, long responseHeaderTimeoutNanos, Ticker ticker) {
        this(pool, upstream, responseHeaderTimeoutNanos, ticker, Retries.NONE, UpstreamMetrics.none());
    }

    /**
     * @param responseHeaderTimeoutNanos the wait for each try's response head, under the
     *                                   request deadline ({@code retry.perTryTimeout} when set,
     *                                   else {@code timeouts.responseHeader})
     */
    public ProxyHandler(Pool pool, Upstream upstream, long responseHeaderTimeoutNanos, Ticker ticker,
                        Retries retries, UpstreamMetrics metrics) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.tryTimeoutNanos = responseHeaderTimeoutNanos;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The replay of an empty body: the same for every request (nothing in it changes). */
    private static final byte[] NO_BYTES = new byte[0];

    /**
     * One request's state across its tries, and its one finish hook: when the exchange
     * finishes, the request leaves the retry budget and the endpoint whose answer went to the
     * client is released.
     */
    private static final class Call implements IntConsumer {
        private static final Object ENDED = new Object();
        private static final VarHandle HELD;

        static {
            try {
                HELD = MethodHandles.lookup().findVarHandle(Call.class, "held", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Exchange exchange;
        final RetryBudget budget;
        HeaderFields headers;
        byte[] replay;                                        // null: the body streams once, no retry
        /** Endpoints tried so far; an immutable empty list until the first retry. */
        List<Endpoint> tried = List.of();
        /** Endpoints the next try must not go to: after a timeout, every one tried (never wait twice). */
        List<Endpoint> avoid = List.of();
        Response lastFailure;
        /** null, the endpoint that answered (released at the end), or ENDED once the exchange finished. */
        @SuppressWarnings("unused")
        private volatile Object held;

        Call(Exchange exchange, RetryBudget budget) {
            this.exchange = exchange;
            this.budget = budget;
        }

        /** The exchange finished: whenever that is, before or after the answer. */
        @Override
        public void accept(int status) {
            budget.requestEnded();
            if (HELD.getAndSet(this, ENDED) instanceof Endpoint e) {
                e.release();
            }
        }

        /** Keeps {@code e}'s try counted until the exchange finishes; at once when it has. */
        void releaseAtEnd(Endpoint e) {
            if (!HELD.compareAndSet(this, null, e)) {
                e.release();
            }
        }

        void tried(Endpoint e) {
            if (tried.isEmpty()) {
                tried = new ArrayList<>(2);
            }
            tried.add(e);
        }
    }

    /*
     * Stages per request. When the upstream's stage has completed by the time send returns
     * (a backend that answered at once, as in the JMH benchmarks) the try is judged in place
     * (Stages.now): the handler adds one stage, the completed one it returns. Otherwise a
     * try adds three: handle (judge the outcome), thenCompose (the answer or the next
     * try's stage) and the completed answer; a body read for replay adds handle and
     * thenCompose once, and a retry's backoff one more. Gateway's comment counts the rest of
     * the path.
     */

    @Override
    public CompletionStage<Response> handle(Exchange exchange) {
        Request in = exchange.request();

        HeaderFields headers = in.headers().copy();
        HopByHop.stripRequest(headers);                       // RFC 9110 7.6.1
        // RFC 9110 10.1.1: the ingress has answered the client's 100-continue; the body is
        // on its way, so the expectation is not passed on.
        headers.remove("Expect");
        // Fields a filter has consumed (a checked credential, say) and asked to keep from the backend.
        for (String name : exchange.upstreamRemovals()) {
            headers.remove(name);
        }
        ForwardedHeaders.apply(headers, exchange.client().getAddress(), exchange.scheme(), in.host());
        // Fields the proxy sets (request id) go on after stripping: a client cannot strip
        // them by listing them in Connection (RFC 9110 7.6.1; cf. CVE-2022-31813). The
        // lines themselves are shared: a field never changes.
        HeaderFields ours = exchange.upstreamFields();
        for (int i = 0; i < ours.size(); i++) {
            headers.set(ours.get(i));
        }

        RetryBudget budget = retries.budget();
        budget.requestStarted();
        Call call = new Call(exchange, budget);
        call.headers = headers;
        exchange.onFinish(call);
        // A retry must send the same body again: only a body of known length under the
        // buffer limit is read into memory first; any other request gets one try.
        Body body = in.body();
        if (!retries.policy().mayRetry(in.method(), retries.anyMethod(), body.length())) {
            return attempt(call, 0);
        }
        if (body.isEmpty()) {
            call.replay = NO_BYTES;
            return attempt(call, 0);
        }
        // The deadline, the client leaving or a body the ingress rejects (413, 400) end the
        // wait for the rest of the body; the answer says which.
        CompletableFuture<byte[]> buffered = BodyBuffer.read(body);
        Runnable stopWaiting = exchange.cancellation().onCancel(
                () -> buffered.completeExceptionally(new CancellationException("request cancelled")));
        return buffered.handle((bytes, error) -> {
            stopWaiting.run();
            if (error == null) {
                call.replay = bytes;
                return attempt(call, 0);
            }
            CancelCause why = exchange.cancellation().cause();
            // A body that broke off without a cancellation: the client left.
            return done(ProxyErrors.forCancellation(why != null ? why : CancelCause.CLIENT_CLOSED, exchange));
        }).thenCompose(s -> s);
    }

    /** Try number {@code n} (0 first): pick, send, judge; may schedule try n + 1. */
    private CompletionStage<Response> attempt(Call call, int n) {
        Exchange exchange = call.exchange;
        if (exchange.cancellation().isCancelled()) {
            return notSent(n, ProxyErrors.forCancellation(exchange.cancellation().cause(), exchange));
        }
        long deadline = exchange.deadlineNanos();
        // One clock read for the deadline and the pick, when the pool reads the same clock.
        boolean sameClock = pool.ticker() == ticker;
        long now = deadline != Long.MAX_VALUE || sameClock ? ticker.nanoTime() : 0;
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
        if (remaining <= 0) {
            return notSent(n, ProxyErrors.of(504, "request_timeout", exchange));
        }
        Endpoint endpoint = sameClock ? pool.acquire(n, call.tried, call.avoid, now)
                : pool.acquire(n, call.tried, call.avoid);
        if (endpoint == null) {
            return notSent(n, n > 0 ? call.lastFailure : ProxyErrors.of(503, "no_healthy_endpoint", exchange));
        }
        long headerTimeout = Math.min(tryTimeoutNanos, remaining);
        // When the request deadline is what bounds the wait, a head that does not come in
        // time is the request's timeout, whichever timer the race lets fire first.
        boolean deadlineBound = remaining < tryTimeoutNanos;

        Request in = exchange.request();
        Body body = call.replay == null ? in.body() : Body.of(call.replay);
        HeaderFields headers = n == 0 ? call.headers : call.headers.copy();
        // RFC 9112 3.2: Host is passed through unchanged; the target keeps its bytes.
        Request outbound = new Request(in.method(), exchange.forwardTarget(), headers, body);

        String backendBefore = exchange.backend();
        exchange.backend(endpoint.key());
        exchange.countTry();
        long sentNanos = ticker.nanoTime();
        CompletionStage<Response> sent;
        try {
            sent = upstream.send(endpoint, outbound, exchange, headerTimeout);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        Response answered = Stages.now(sent);
        if (answered != null) {
            // The backend answered at once: judge it here, as the stage below would, on this
            // thread, with a failure of that code handed on as the stage would hand it on.
            try {
                return judge(call, n, endpoint, backendBefore, sentNanos, deadlineBound, answered, null);
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return sent.handle((response, error) -> judge(call, n, endpoint, backendBefore, sentNanos, deadlineBound,
                response, error)).thenCompose(s -> s);
    }

    /** How try {@code n} to {@code endpoint} ended: the answer to send, or the next try's stage. */
    private CompletionStage<Response> judge(Call call, int n, Endpoint endpoint, String backendBefore, long sentNanos,
                                            boolean deadlineBound, Response response, Throwable error) {
        Exchange exchange = call.exchange;
        Throwable cause = error == null ? null : unwrap(error);
        if (cause instanceof UpstreamException u && u.kind() == UpstreamException.Kind.UNSENDABLE) {
            // Nothing reached the endpoint: the request is the client's or the proxy's
            // fault. Its health, breaker (a trial slot goes back), latency, load and
            // metrics hear nothing; the try does not count, and nothing is retried.
            pool.record(endpoint, Outcome.NOT_SENT, -1);
            endpoint.release();
            exchange.uncountTry();
            exchange.backend(backendBefore);
            return notSent(n, ProxyErrors.of(u.status(), u.reason(), exchange));
        }
        long ended = ticker.nanoTime();
        endpoint.observeLatency(sentNanos, ended);
        Outcome outcome = outcome(response, cause, exchange);
        if (pool.ticker() == ticker) {
            pool.record(endpoint, outcome, ended - sentNanos, ended);    // the same instant: no second read
        } else {
            pool.record(endpoint, outcome, ended - sentNanos);
        }
        if (response != null) {
            metrics.answered(endpoint, response.status(), ended - sentNanos);
        } else if (cause instanceof UpstreamException u) {
            metrics.failed(endpoint, u.kind());
        }
        if (n > 0) {
            retries.budget().retryEnded();
        }
        int status = response == null ? 0 : response.status();
        if (call.replay != null && n + 1 < retries.policy().attempts()
                && !exchange.cancellation().isCancelled()
                && !(outcome == Outcome.TIMEOUT && deadlineBound)
                && retries.policy().retriesOn(outcome, status)
                // A timed-out try moves to an endpoint not tried yet, never back to one
                // (nginx's proxy_next_upstream timeout); with none, its 504 goes now.
                && !(outcome == Outcome.TIMEOUT && !pool.hasCandidateBesides(withThis(call.tried, endpoint)))
                && retries.budget().tryStartRetry()) {
            // Nothing has gone to the client yet: drop this answer and try again.
            call.lastFailure = response == null ? mapError(cause, exchange, false)
                    : ProxyErrors.of(status, "upstream_status", exchange);
            if (response != null) {
                response.body().discard();
            }
            endpoint.release();
            call.tried(endpoint);
            if (outcome == Outcome.TIMEOUT) {
                call.avoid = List.copyOf(call.tried);
            }
            metrics.retried(outcome);
            return retryLater(call, n + 1);
        }
        call.releaseAtEnd(endpoint);
        if (response != null) {
            exchange.upstreamHeadNanos(ended);
            if (exchange.errorReason() != null) {
                exchange.errorReason(null);                    // a retried failure is not the answer sent
            }
        }
        return done(response != null ? fromUpstream(exchange.request().method(), response)
                : mapError(cause, exchange, deadlineBound));
    }

    private static List<Endpoint> withThis(List<Endpoint> tried, Endpoint endpoint) {
        List<Endpoint> all = new ArrayList<>(tried.size() + 1);
        all.addAll(tried);
        all.add(endpoint);
        return all;
    }

    /** Ends try {@code n} before it was sent: gives back its retry slot. */
    private CompletionStage<Response> notSent(int n, Response response) {
        if (n > 0) {
            retries.budget().retryEnded();
        }
        return done(response);
    }

    /** Try {@code n} after its jittered backoff. Holds one slot of the retry budget until that try ends. */
    private CompletionStage<Response> retryLater(Call call, int n) {
        long delay = retries.policy().backoff().delayNanos(n, retries.random().get());
        CompletableFuture<Void> waited = new CompletableFuture<>();
        try {
            Scheduler timer = call.exchange.timer() != null ? call.exchange.timer() : retries.scheduler();
            timer.schedule(() -> waited.complete(null), delay);
        } catch (RuntimeException e) {                        // the timer is closed: the server is stopping
            return notSent(n, call.lastFailure);
        }
        return waited.thenCompose(ignored -> attempt(call, n));
    }

    private static Outcome outcome(Response response, Throwable cause, Exchange exchange) {
        if (response != null) {
            return Outcome.ofStatus(response.status());
        }
        if (exchange.cancellation().isCancelled()) {
            // The request deadline cut a try that had no head yet: for the endpoint that is a
            // timeout (it was too slow), whichever timer fired first. A client that left
            // says nothing about the endpoint.
            return exchange.cancellation().cause() instanceof CancelCause.Deadline ? Outcome.TIMEOUT
                    : Outcome.CANCELLED;
        }
        return cause instanceof UpstreamException u ? Outcome.of(u.kind()) : Outcome.CANCELLED;
    }

    private static Response fromUpstream(String method, Response response) {
        HeaderFields headers = response.headers().copy();
        HopByHop.stripResponse(headers);                      // RFC 9110 7.6.1
        Body body = response.body();
        if (Response.isBodiless(method, response.status())) {
            // RFC 9110 9.3.2, 15.3.5, 15.4.5: no content; drop whatever the backend sent.
            body.discard();
            body = Body.empty();
        }
        return new Response(response.status(), headers, body, Response.Origin.UPSTREAM);
    }

    private static Response mapError(Throwable error, Exchange exchange, boolean deadlineBound) {
        if (exchange.cancellation().isCancelled()) {
            return ProxyErrors.forCancellation(exchange.cancellation().cause(), exchange);
        }
        if (error instanceof UpstreamException u && u.kind() == UpstreamException.Kind.RESPONSE_TIMEOUT && deadlineBound) {
            return ProxyErrors.of(504, "request_timeout", exchange);
        }
        if (error instanceof UpstreamException u) {
            if (u.kind() == UpstreamException.Kind.PROTOCOL) {
                // An answer the proxy cannot relay (a 101 above all: Http1Interim): the client
                // may have meant to follow its request with another protocol's bytes.
                exchange.closeAfterResponse();
            }
            return ProxyErrors.of(u.status(), u.reason(), exchange);
        }
        if (error instanceof CancellationException) {
            return ProxyErrors.of(ProxyErrors.CLIENT_CLOSED, CancelCause.CLIENT_CLOSED.reason(), exchange);
        }
        throw new CompletionException(error);                 // a bug: recovery answers 500
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static CompletionStage<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public String toString() {
        return "proxy(" + pool.name() + ")";
    }
}
