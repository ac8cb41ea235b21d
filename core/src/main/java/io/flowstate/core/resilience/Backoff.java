package io.flowstate.core.resilience;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (Brooker, "Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015; the scheme of Envoy's {@code JitteredExponentialBackOffStrategy}):
 * the n-th retry waits a uniformly random time in {@code [0, min(max, base * 2^(n-1)))}.
 */
public final class Backoff {
    private final long baseNanos;
    private final long maxNanos;

    public Backoff(long baseNanos, long maxNanos) {
        if (baseNanos < 0 || maxNanos < baseNanos) {
            throw new IllegalArgumentException("backoff base " + baseNanos + " and max " + maxNanos);
        }
        this.baseNanos = baseNanos;
        this.maxNanos = maxNanos;
    }

    /**
     * The wait before retry {@code n}.
     *
     * @param retry  1 for the first retry
     * @param random the request's randomness
     */
    public long delayNanos(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry " + retry + " is not at least 1");
        }
        long bound = ceiling(retry);
        return bound <= 0 ? 0 : random.nextLong(bound);
    }

    /** The exclusive upper bound of the wait before retry {@code n}. */
    public long ceiling(int retry) {
        int shift = Math.min(retry - 1, 62);
        long bound = baseNanos > (maxNanos >> shift) ? maxNanos : baseNanos << shift;
        return Math.min(bound, maxNanos);
    }
}
