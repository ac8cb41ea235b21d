package io.flowstate.core.resilience;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Envoy's retry budget ({@code retry_budget}: {@code budget_percent},
 * {@code min_retry_concurrency}): retries in flight may be at most a share of the requests
 * in flight, and at least a floor, so that during an outage retries add a bounded fraction
 * of load instead of multiplying it.
 *
 * <p>One per pool. The proxy path calls {@link #requestStarted()} / {@link #requestEnded()}
 * around each request and {@link #tryStartRetry()} / {@link #retryEnded()} around each retry.
 * Lock-free: two atomics.
 */
public final class RetryBudget {
    private final int percent;
    private final int minConcurrency;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    /**
     * @param percent        0..100: the share of requests in flight that may be retries
     * @param minConcurrency retries in flight allowed whatever the share
     */
    public RetryBudget(int percent, int minConcurrency) {
        this.percent = percent;
        this.minConcurrency = minConcurrency;
    }

    public void requestStarted() {
        requests.incrementAndGet();
    }

    public void requestEnded() {
        requests.decrementAndGet();
    }

    /** Takes a retry slot if the budget allows one now; pair a true answer with {@link #retryEnded()}. */
    public boolean tryStartRetry() {
        while (true) {
            int r = retries.get();
            long allowed = Math.max(minConcurrency, (long) requests.get() * percent / 100);
            if (r >= allowed) {
                return false;
            }
            if (retries.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    public void retryEnded() {
        retries.decrementAndGet();
    }

    public int requestsInFlight() {
        return requests.get();
    }

    public int retriesInFlight() {
        return retries.get();
    }
}
