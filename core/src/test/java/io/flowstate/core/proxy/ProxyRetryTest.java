package io.flowstate.core.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.RetryConfig;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.resilience.RetryBudget;
import io.flowstate.core.resilience.RetryPolicy;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.time.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which tries are tried again, where, and how many, with a scripted upstream and a hand-run scheduler. */
class ProxyRetryTest {
    private static final long S = 1_000_000_000L;

    private final Endpoint a = new Endpoint("10.0.0.1", 80, 1);
    private final Endpoint b = new Endpoint("10.0.0.2", 80, 1);
    private final Endpoint c = new Endpoint("10.0.0.3", 80, 1);
    private long now = 100 * S;
    private final List<Long> delays = new ArrayList<>();
    private final Scheduler scheduler = (action, delay) -> {
        delays.add(delay);
        action.run();
        return () -> { };
    };

    /** Answers per endpoint, recording what each got. */
    private final class Scripted implements Upstream {
        final List<Endpoint> tried = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
        Function<Endpoint, CompletionStage<Response>> answer;

        @Override
        public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange, long timeout) {
            tried.add(endpoint);
            try (InputStream in = outbound.body().stream()) {
                bodies.add(in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return answer.apply(endpoint);
        }

        @Override
        public void close() {
        }
    }

    private final Scripted upstream = new Scripted();

    /** A round-robin over the candidates, so that retries show where they went. */
    private Pool pool(List<Endpoint> endpoints) {
        int[] turn = {0};
        return new Pool("web", endpoints, ctx -> ctx.candidates().get(turn[0]++ % ctx.candidates().size()),
                () -> new SplittableRandom(1), () -> now, io.flowstate.core.config.HealthConfig.DEFAULT, null,
                HealthListener.none());
    }

    private ProxyHandler handler(Pool pool, RetryConfig config, RetryBudget budget, boolean anyMethod) {
        return new ProxyHandler(pool, upstream, 10 * S, () -> now,
                new ProxyHandler.Retries(new RetryPolicy(config), budget, anyMethod, scheduler,
                        () -> new SplittableRandom(7)), io.flowstate.core.telemetry.UpstreamMetrics.none());
    }

    private ProxyHandler handler(Pool pool) {
        return handler(pool, RetryConfig.DEFAULT, new RetryBudget(20, 3), false);
    }

    private Exchange exchange(String method, Body body) {
        Exchange e = new Exchange(new Request(method, "/x", new HeaderFields().add("Host", "h"), body),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000), "http", now);
        e.deadlineNanos(now + 30 * S);
        return e;
    }

    private static Response status(int s) {
        return new Response(s, new HeaderFields(), Body.of("body".getBytes(StandardCharsets.US_ASCII)),
                Response.Origin.UPSTREAM);
    }

    private static CompletionStage<Response> fail(UpstreamException.Kind kind) {
        return CompletableFuture.failedFuture(new UpstreamException(kind, kind.reason(), null));
    }

    private Response run(ProxyHandler h, Exchange e) {
        Response r = h.handle(e).toCompletableFuture().join();
        e.finish(r.status());
        return r;
    }

    @Test
    void aGetWhoseConnectionIsRefusedIsRetriedOnAnotherEndpoint() {
        upstream.answer = ep -> ep == a ? fail(UpstreamException.Kind.CONNECT_FAILED) : CompletableFuture.completedFuture(status(200));
        Response r = run(handler(pool(List.of(a, b))), exchange("GET", Body.empty()));
        assertEquals(200, r.status());
        assertEquals(List.of(a, b), upstream.tried);
        assertEquals(1, delays.size(), "one backoff before the retry");
        assertTrue(delays.get(0) >= 0 && delays.get(0) < Duration.ofMillis(25).toNanos(), "full jitter under the base");
        assertEquals(0, a.outstanding());
        assertEquals(0, b.outstanding());
    }

    @Test
    void resetsTimeoutsAndGatewayStatusesAreRetriedByDefault() {
        for (Function<Endpoint, CompletionStage<Response>> first : List.<Function<Endpoint, CompletionStage<Response>>>of(
                ep -> fail(UpstreamException.Kind.RESET),
                ep -> fail(UpstreamException.Kind.RESPONSE_TIMEOUT),
                ep -> CompletableFuture.completedFuture(status(502)),
                ep -> CompletableFuture.completedFuture(status(503)),
                ep -> CompletableFuture.completedFuture(status(504)))) {
            upstream.tried.clear();
            Endpoint x = new Endpoint("10.0.1.1", 80, 1);
            Endpoint y = new Endpoint("10.0.1.2", 80, 1);
            upstream.answer = ep -> ep == x ? first.apply(ep) : CompletableFuture.completedFuture(status(200));
            Exchange e = exchange("GET", Body.empty());
            assertEquals(200, run(handler(pool(List.of(x, y))), e).status());
            assertEquals(List.of(x, y), upstream.tried);
            assertEquals(2, e.tries());
            assertNull(e.errorReason(), "the failure that was retried is not the answer's");
        }
    }

    @Test
    void aFiveHundredIsNotRetriedByDefault() {
        upstream.answer = ep -> CompletableFuture.completedFuture(status(500));
        assertEquals(500, run(handler(pool(List.of(a, b))), exchange("GET", Body.empty())).status());
        assertEquals(List.of(a), upstream.tried);
    }

    @Test
    void aPostIsNeverRetriedUnlessTheRouteOptsIn() {
        upstream.answer = ep -> ep == a ? fail(UpstreamException.Kind.RESET) : CompletableFuture.completedFuture(status(200));
        Pool pool = pool(List.of(a, b));
        Response r = run(handler(pool), exchange("POST", Body.of(new byte[] {1, 2, 3})));
        assertEquals(502, r.status());
        assertEquals(List.of(a), upstream.tried);

        upstream.tried.clear();
        Endpoint x = new Endpoint("10.0.2.1", 80, 1);
        Endpoint y = new Endpoint("10.0.2.2", 80, 1);
        upstream.answer = ep -> ep == x ? fail(UpstreamException.Kind.RESET) : CompletableFuture.completedFuture(status(200));
        Response opted = run(handler(pool(List.of(x, y)), RetryConfig.DEFAULT, new RetryBudget(20, 3), true),
                exchange("POST", Body.of(new byte[] {1, 2, 3})));
        assertEquals(200, opted.status());
        assertEquals(List.of(x, y), upstream.tried);
        assertArrayEquals(new byte[] {1, 2, 3}, upstream.bodies.get(upstream.bodies.size() - 1), "the body is replayed");
        assertArrayEquals(upstream.bodies.get(upstream.bodies.size() - 2), upstream.bodies.get(upstream.bodies.size() - 1));
    }

    @Test
    void aBodyOverTheBufferLimitOrOfUnknownLengthIsNotRetried() {
        upstream.answer = ep -> ep == a ? fail(UpstreamException.Kind.RESET) : CompletableFuture.completedFuture(status(200));
        RetryConfig small = new RetryConfig(2, true, true, true, RetryConfig.DEFAULT_STATUSES, null,
                Duration.ofMillis(25), Duration.ofMillis(250), 20, 3, 2);
        assertEquals(502, run(handler(pool(List.of(a, b)), small, new RetryBudget(20, 3), false),
                exchange("PUT", Body.of(new byte[] {1, 2, 3}))).status());
        assertEquals(List.of(a), upstream.tried);

        upstream.tried.clear();
        Endpoint x = new Endpoint("10.0.3.1", 80, 1);
        Endpoint y = new Endpoint("10.0.3.2", 80, 1);
        upstream.answer = ep -> ep == x ? fail(UpstreamException.Kind.RESET) : CompletableFuture.completedFuture(status(200));
        Body chunked = Body.of(new java.io.ByteArrayInputStream(new byte[] {1}), -1);
        assertEquals(502, run(handler(pool(List.of(x, y))), exchange("PUT", chunked)).status());
        assertEquals(List.of(x), upstream.tried);
    }

    @Test
    void attemptsBoundTheTriesAndEachGoesToAnEndpointNotTriedYet() {
        upstream.answer = ep -> fail(UpstreamException.Kind.RESET);
        RetryConfig three = RetryConfig.DEFAULT.withAttempts(3);
        Response r = run(handler(pool(List.of(a, b, c)), three, new RetryBudget(20, 3), false),
                exchange("GET", Body.empty()));
        assertEquals(502, r.status());
        assertEquals(3, upstream.tried.size());
        assertEquals(3, upstream.tried.stream().distinct().count(), "three different endpoints: " + upstream.tried);
        assertEquals(2, delays.size());
        assertTrue(delays.get(1) < Duration.ofMillis(50).toNanos(), "the second backoff is under 2 x base");
    }

    @Test
    void aSingleEndpointPoolRetriesTheSameEndpoint() {
        Deque<CompletionStage<Response>> answers = new ArrayDeque<>(List.of(fail(UpstreamException.Kind.RESET),
                CompletableFuture.completedFuture(status(200))));
        upstream.answer = ep -> answers.poll();
        HealthListener none = HealthListener.none();
        Pool solo = new Pool("solo", List.of(a), ctx -> ctx.candidates().get(0), SplittableRandom::new, () -> now,
                io.flowstate.core.config.HealthConfig.DEFAULT, null, none);
        assertEquals(200, run(handler(solo), exchange("GET", Body.empty())).status());
        assertEquals(List.of(a, a), upstream.tried);
    }

    @Test
    void aTimeoutCutByTheRequestDeadlineIsNotRetried() {
        upstream.answer = ep -> fail(UpstreamException.Kind.RESPONSE_TIMEOUT);
        Exchange e = exchange("GET", Body.empty());
        e.deadlineNanos(now + 2 * S);                         // under the 10 s per-try timeout
        assertEquals(504, run(handler(pool(List.of(a, b))), e).status());
        assertEquals(List.of(a), upstream.tried);
    }

    @Test
    void theBudgetRefusesRetriesBeyondItsShare() {
        RetryBudget budget = new RetryBudget(0, 1);
        budget.tryStartRetry();                               // another request's retry holds the only slot
        upstream.answer = ep -> ep == a ? fail(UpstreamException.Kind.CONNECT_FAILED)
                : CompletableFuture.completedFuture(status(200));
        assertEquals(502, run(handler(pool(List.of(a, b)), RetryConfig.DEFAULT, budget, false),
                exchange("GET", Body.empty())).status());
        assertEquals(List.of(a), upstream.tried);
        budget.retryEnded();
        assertEquals(0, budget.retriesInFlight());
        assertEquals(0, budget.requestsInFlight(), "every request gave its place back");
    }

    @Test
    void aRetryThatFindsNoEndpointAnswersWithTheLastFailure() {
        Pool pool = pool(List.of(a, b));
        upstream.answer = ep -> fail(UpstreamException.Kind.CONNECT_FAILED);
        // a's failure ejects it (the default passive rule); b is then the only candidate and
        // is tried; its failure cannot eject it (never the last), so the answer is b's 502.
        Exchange e = exchange("GET", Body.empty());
        Response r = run(handler(pool), e);
        assertEquals(502, r.status());
        assertEquals(List.of(a, b), upstream.tried);
        assertEquals(UpstreamException.Kind.CONNECT_FAILED.reason(), e.errorReason());
        assertNotEquals(0, a.health().count(io.flowstate.core.health.HealthEvent.Kind.EJECTED));
    }

    @Test
    void aDroppedAnswerIsClosedAndTheLoadIsGivenBack() {
        boolean[] closed = {false};
        upstream.answer = ep -> {
            if (ep == a) {
                InputStream in = new java.io.ByteArrayInputStream(new byte[] {1}) {
                    @Override
                    public void close() {
                        closed[0] = true;
                    }
                };
                return CompletableFuture.completedFuture(new Response(503, new HeaderFields(), Body.of(in, 1),
                        Response.Origin.UPSTREAM));
            }
            return CompletableFuture.completedFuture(status(200));
        };
        assertEquals(200, run(handler(pool(List.of(a, b))), exchange("GET", Body.empty())).status());
        assertTrue(closed[0], "the 503's body was abandoned");
        assertEquals(0, a.outstanding());
        assertEquals(0, b.outstanding());
    }

    @Test
    void aRequestCancelledWhileItsBodyIsBufferedAnswersForTheCancellation() throws Exception {
        java.io.PipedOutputStream client = new java.io.PipedOutputStream();
        java.io.PipedInputStream arriving = new java.io.PipedInputStream(client);
        client.write(new byte[] {1, 2});                     // 2 of 10 bytes, then nothing
        Exchange e = exchange("PUT", Body.of(arriving, 10));
        upstream.answer = ep -> CompletableFuture.completedFuture(status(200));
        CompletableFuture<Response> pending = handler(pool(List.of(a, b))).handle(e).toCompletableFuture();
        assertTrue(!pending.isDone(), "waiting for the rest of the body");
        e.cancellation().cancel(io.flowstate.core.http.CancelCause.DEADLINE);
        Response r = pending.join();
        assertEquals(504, r.status());
        assertEquals("request_timeout", e.errorReason());
        assertTrue(upstream.tried.isEmpty(), "nothing was sent upstream");
        client.close();
    }

    /** A GET whose only try hangs until the exchange is cancelled for {@code why}; the answer. */
    private Response cancelledWhileWaiting(io.flowstate.core.http.CancelCause why) {
        CompletableFuture<Response> hanging = new CompletableFuture<>();
        upstream.answer = ep -> hanging;
        Exchange e = exchange("GET", Body.empty());
        CompletableFuture<Response> pending = handler(pool(List.of(a, b))).handle(e).toCompletableFuture();
        e.cancellation().cancel(why);
        hanging.completeExceptionally(new java.util.concurrent.CancellationException("aborted"));
        Response r = pending.join();
        e.finish(r.status());
        return r;
    }

    @Test
    void aTryCutByTheRequestDeadlineCountsAsATimeoutForHealth() {
        assertEquals(504, cancelledWhileWaiting(io.flowstate.core.http.CancelCause.DEADLINE).status());
        assertEquals(List.of(a), upstream.tried, "no retry once the deadline passed");
        assertEquals(1, a.health().count(io.flowstate.core.health.HealthEvent.Kind.EJECTED),
                "the endpoint that made the request miss its deadline is judged slow");
    }

    @Test
    void aClientThatLeavesSaysNothingAboutTheEndpoint() {
        assertEquals(499, cancelledWhileWaiting(io.flowstate.core.http.CancelCause.CLIENT_CLOSED).status());
        assertEquals(0, a.health().count(io.flowstate.core.health.HealthEvent.Kind.EJECTED));
    }

    @Test
    void aRequestTheEngineCannotSendSaysNothingAboutTheEndpoint() {
        upstream.answer = ep -> CompletableFuture.failedFuture(
                UpstreamException.unsendable(400, "target_not_uri", "the engine refuses the target", null));
        Pool pool = pool(List.of(a, b));
        Exchange e = exchange("GET", Body.empty());
        Response r = run(handler(pool), e);

        assertEquals(400, r.status(), "the client's request, answered as such");
        assertEquals(Response.Origin.PROXY, r.origin());
        assertEquals("target_not_uri", e.errorReason());
        assertEquals(List.of(a), upstream.tried, "not retried: no endpoint could send it");
        assertEquals(0, e.tries(), "a try that was never sent does not count");
        assertNull(e.backend(), "no backend answered");
        assertEquals(0, a.outstanding(), "its load is given back");
        assertTrue(!a.latency().hasSamples(), "no latency sample");
        assertEquals(0, a.health().stats().current().total(), "neither a success nor a failure for outliers");
        for (io.flowstate.core.health.HealthEvent.Kind k : io.flowstate.core.health.HealthEvent.Kind.values()) {
            assertEquals(0, a.health().count(k), k + " on the endpoint");
        }
    }

    @Test
    void aRequestTheEngineCannotSendGivesBackAHalfOpenTrial() {
        // A breaker that a single failure opens, with one half-open trial.
        io.flowstate.core.config.BreakerConfig one = new io.flowstate.core.config.BreakerConfig(Duration.ofSeconds(10),
                0.5, 1, Duration.ofSeconds(5), 1, 0);
        Pool solo = new Pool("solo", List.of(a), ctx -> ctx.candidates().get(0), () -> new SplittableRandom(1),
                () -> now, io.flowstate.core.config.HealthConfig.DEFAULT, one, HealthListener.none());
        upstream.answer = ep -> CompletableFuture.completedFuture(status(500));
        assertEquals(500, run(handler(solo), exchange("GET", Body.empty())).status());
        now += 6 * S;                                          // open for 5 s: the next try is the trial
        upstream.answer = ep -> CompletableFuture.failedFuture(
                UpstreamException.unsendable(400, "target_not_uri", "refused", null));
        assertEquals(400, run(handler(solo), exchange("GET", Body.empty())).status());
        upstream.answer = ep -> CompletableFuture.completedFuture(status(200));
        assertEquals(200, run(handler(solo), exchange("GET", Body.empty())).status(),
                "the trial slot came back: the next request is admitted as the trial");
    }

    @Test
    void aTimedOutTryIsNeverRetriedOnTheSameEndpoint() {
        upstream.answer = ep -> fail(UpstreamException.Kind.RESPONSE_TIMEOUT);
        Pool solo = new Pool("solo", List.of(a), ctx -> ctx.candidates().get(0), SplittableRandom::new, () -> now,
                io.flowstate.core.config.HealthConfig.DEFAULT, null, HealthListener.none());
        RetryBudget budget = new RetryBudget(20, 3);
        Exchange e = exchange("GET", Body.empty());
        assertEquals(504, run(handler(solo, RetryConfig.DEFAULT, budget, false), e).status());
        assertEquals(List.of(a), upstream.tried, "one wait on the only endpoint, not two");
        assertTrue(delays.isEmpty(), "no backoff before the 504: it goes at the timeout");
        assertEquals(0, budget.retriesInFlight());
        assertEquals("upstream_timeout", e.errorReason());
    }

    @Test
    void aTimedOutTryMovesToAnEndpointNotTriedAndAResetMayComeBack() {
        Deque<CompletionStage<Response>> answers = new ArrayDeque<>(List.of(fail(UpstreamException.Kind.RESPONSE_TIMEOUT),
                fail(UpstreamException.Kind.RESET), CompletableFuture.completedFuture(status(200))));
        upstream.answer = ep -> answers.poll();
        // Always the first candidate, and no passive ejection: without the rule, every try
        // would go back to a.
        var noEjection = new io.flowstate.core.config.HealthConfig(null, io.flowstate.core.config.PassiveConfig.OFF,
                io.flowstate.core.config.OutlierConfig.OFF, io.flowstate.core.config.EjectionConfig.DEFAULT,
                io.flowstate.core.config.PanicConfig.DEFAULT);
        Pool first = new Pool("first", List.of(a, b), ctx -> ctx.candidates().get(0), SplittableRandom::new,
                () -> now, noEjection, null, HealthListener.none());
        assertEquals(200, run(handler(first, RetryConfig.DEFAULT.withAttempts(3), new RetryBudget(20, 3), false),
                exchange("GET", Body.empty())).status());
        assertEquals(List.of(a, b, b), upstream.tried, "a timed out: never again; b reset: tried again");
    }
}
