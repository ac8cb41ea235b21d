package io.flowstate.core.filter;

import io.flowstate.core.config.MaxConcurrentSettings;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the requests in flight through it at {@code max}: a request that finds {@code max}
 * already in flight is answered at once with 503 {@code concurrency_limit} and goes no
 * further.
 *
 * <p>A request is in flight from when it passes this filter until its exchange finishes
 * ({@link Exchange#onFinish}): its response written to the end, writing it failed, or the
 * client gone. That covers the response body streaming back, and whatever happened inside:
 * a response, an error response, a stage that failed, an exception thrown. The slot is
 * released exactly once, since the exchange runs its finish hooks once.
 *
 * <p>Built once per config snapshot: in a route's filters the cap is that route's; among the
 * global filters it caps all routes together. Lock-free: one compare-and-set to take a slot,
 * one decrement to give it back.
 */
public final class MaxConcurrentFilter implements Filter {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    public MaxConcurrentFilter(MaxConcurrentSettings settings) {
        this.max = settings.max();
    }

    @Override
    public CompletionStage<Response> filter(Exchange exchange, Handler next) {
        if (!tryAcquire()) {
            return CompletableFuture.completedFuture(ProxyErrors.of(503, "concurrency_limit", exchange));
        }
        exchange.onFinish(status -> release());                 // at once when already finished
        return next.handle(exchange);
    }

    private boolean tryAcquire() {
        while (true) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void release() {
        if (inFlight.decrementAndGet() < 0) {
            throw new IllegalStateException(this + " released more slots than it took");
        }
    }

    /** Requests in flight through this filter now. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public String toString() {
        return "maxConcurrent(max=" + max + ")";
    }
}
