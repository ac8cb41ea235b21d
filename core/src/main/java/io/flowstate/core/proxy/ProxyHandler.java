package io.flowstate.core.proxy;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Cancellation;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.time.Ticker;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The terminal handler of a route: sends the request to one endpoint of the route's pool
 * and returns what came back, in one straight line (in the manner of Go's
 * {@code httputil.ReverseProxy.ServeHTTP}): pick, clone, strip hop-by-hop, set forwarding
 * fields, send under a deadline, map errors, strip hop-by-hop from the response.
 */
public final class ProxyHandler implements Handler {
    private final Pool pool;
    private final Upstream upstream;
    private final long responseHeaderTimeoutNanos;
    private final Ticker ticker;

    public ProxyHandler(Pool pool, Upstream upstream, long responseHeaderTimeoutNanos, Ticker ticker) {
        this.pool = pool;
        this.upstream = upstream;
        this.responseHeaderTimeoutNanos = responseHeaderTimeoutNanos;
        this.ticker = ticker;
    }

    @Override
    public CompletionStage<Response> handle(Exchange exchange) {
        Endpoint endpoint = pool.pick(0);                    // the first try; retries come with the resilience work
        if (endpoint == null) {
            return done(ProxyErrors.of(503, "no_healthy_endpoint", exchange));
        }
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
        // them by listing them in Connection (RFC 9110 7.6.1; cf. CVE-2022-31813).
        for (HeaderFields.Field f : exchange.upstreamFields()) {
            headers.set(f.name(), f.value());
        }
        // RFC 9112 3.2: Host is passed through unchanged; the target keeps its bytes.
        Request outbound = new Request(in.method(), exchange.forwardTarget(), headers, in.body());

        long deadline = exchange.deadlineNanos();
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - ticker.nanoTime();
        if (remaining <= 0) {
            return done(ProxyErrors.of(504, "request_timeout", exchange));
        }
        long headerTimeout = Math.min(responseHeaderTimeoutNanos, remaining);
        // When the request deadline is what bounds the wait, a head that does not come in
        // time is the request's timeout, whichever timer the race lets fire first.
        boolean deadlineBound = remaining < responseHeaderTimeoutNanos;

        // Endpoint load, for the balancers: one acquire and one release per try, the
        // release when the exchange is over whatever happened (response written, failure,
        // client gone), and one latency sample from send to response head or failure.
        endpoint.acquire();
        exchange.onFinish(status -> endpoint.release());
        exchange.backend(endpoint.key());
        long sentNanos = ticker.nanoTime();
        CompletionStage<Response> sent;
        try {
            sent = upstream.send(endpoint, outbound, exchange, headerTimeout);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> {
            endpoint.observeLatency(sentNanos, ticker.nanoTime());
            return error == null
                    ? fromUpstream(in.method(), response)
                    : mapError(unwrap(error), exchange, deadlineBound);
        });
    }

    private static Response fromUpstream(String method, Response response) {
        HeaderFields headers = response.headers().copy();
        HopByHop.stripResponse(headers);                      // RFC 9110 7.6.1
        Body body = response.body();
        if (Response.isBodiless(method, response.status())) {
            // RFC 9110 9.3.2, 15.3.5, 15.4.5: no content; drop whatever the backend sent.
            try {
                body.stream().close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // nothing was to be read
            }
            body = Body.empty();
        }
        return new Response(response.status(), headers, body, Response.Origin.UPSTREAM);
    }

    private static Response mapError(Throwable error, Exchange exchange, boolean deadlineBound) {
        if (exchange.cancellation().isCancelled()) {
            return ProxyErrors.forCancellation(exchange.cancellation().reason(), exchange);
        }
        if (error instanceof UpstreamException u && u.kind() == UpstreamException.Kind.RESPONSE_TIMEOUT && deadlineBound) {
            return ProxyErrors.of(504, "request_timeout", exchange);
        }
        if (error instanceof UpstreamException u) {
            return ProxyErrors.of(u.kind().status(), u.kind().reason(), exchange);
        }
        if (error instanceof CancellationException) {
            return ProxyErrors.of(ProxyErrors.CLIENT_CLOSED, Cancellation.CLIENT_CLOSED, exchange);
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
