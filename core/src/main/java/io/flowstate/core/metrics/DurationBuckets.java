package io.flowstate.core.metrics;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The fixed upper bounds of a duration histogram, held in nanoseconds and exposed in
 * seconds. Immutable. Each bucket counts the observations less than or equal to its
 * bound (Prometheus' {@code le}); a last {@code +Inf} bucket, implicit here, counts all.
 *
 * <p>{@link #DEFAULT} spans 100 µs to 30 s: Prometheus' default buckets (5 ms to 10 s)
 * with sub-millisecond bounds added, because a proxy and its backends on one host or
 * rack answer in well under a millisecond, and a 30 s bound for slow requests near the
 * request timeout.
 */
public final class DurationBuckets {
    /**
     * 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
     * 2.5, 5, 10 and 30 seconds, then {@code +Inf}.
     */
    public static final DurationBuckets DEFAULT = ofNanos(
            100_000L, 250_000L, 500_000L,
            1_000_000L, 2_500_000L, 5_000_000L,
            10_000_000L, 25_000_000L, 50_000_000L,
            100_000_000L, 250_000_000L, 500_000_000L,
            1_000_000_000L, 2_500_000_000L, 5_000_000_000L,
            10_000_000_000L, 30_000_000_000L);

    private final long[] boundsNanos;
    private final String[] leLabels;

    private DurationBuckets(long[] boundsNanos) {
        this.boundsNanos = boundsNanos;
        this.leLabels = new String[boundsNanos.length];
        for (int i = 0; i < boundsNanos.length; i++) {
            leLabels[i] = secondsText(boundsNanos[i]);
        }
    }

    /**
     * Buckets with these upper bounds.
     *
     * @param upperBoundsNanos at least one bound, each positive and greater than the one
     *                         before it
     * @throws IllegalArgumentException naming the first bound out of order
     */
    public static DurationBuckets ofNanos(long... upperBoundsNanos) {
        if (upperBoundsNanos.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        }
        long[] bounds = upperBoundsNanos.clone();
        long previous = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] <= previous) {
                throw new IllegalArgumentException("bucket bound " + i + " (" + bounds[i]
                        + " ns) must be positive and greater than the one before it");
            }
            previous = bounds[i];
        }
        return new DurationBuckets(bounds);
    }

    /** How many finite bounds there are ({@code +Inf} not counted). */
    public int size() {
        return boundsNanos.length;
    }

    /** The {@code i}-th finite upper bound, in nanoseconds. */
    public long upperBoundNanos(int i) {
        return boundsNanos[i];
    }

    /** The {@code i}-th bound as its {@code le} label value: seconds, plain decimal ("0.00025", "1", "30"). */
    public String leLabel(int i) {
        return leLabels[i];
    }

    /** The bounds themselves, shared and never to be changed: for the histograms' binary search. */
    long[] boundsNanos() {
        return boundsNanos;
    }

    /** Exact seconds for a count of nanoseconds, as a plain decimal without trailing zeros. */
    static String secondsText(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DurationBuckets b && Arrays.equals(boundsNanos, b.boundsNanos);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(boundsNanos);
    }

    @Override
    public String toString() {
        return "DurationBuckets" + Arrays.toString(leLabels) + "s";
    }
}
