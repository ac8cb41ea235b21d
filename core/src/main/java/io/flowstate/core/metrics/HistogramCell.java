package io.flowstate.core.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram series: one {@link LongAdder} per bucket (the last one {@code +Inf}) and
 * one for the sum in nanoseconds. The count is not kept apart: it is the sum of the
 * buckets, so a scrape's {@code _count} always equals its {@code +Inf} bucket.
 */
final class HistogramCell implements Histogram, Child {
    private final long[] boundsNanos;
    private final LongAdder[] buckets;
    private final LongAdder sumNanos = new LongAdder();

    HistogramCell(DurationBuckets bounds) {
        this.boundsNanos = bounds.boundsNanos();
        this.buckets = new LongAdder[boundsNanos.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    @Override
    public void observeNanos(long nanos) {
        long n = Math.max(0, nanos);
        // An exact hit belongs to that bucket (le is "less than or equal"); otherwise the
        // insertion point is the first bound above n, or buckets.length - 1 for +Inf.
        int i = Arrays.binarySearch(boundsNanos, n);
        buckets[i >= 0 ? i : -i - 1].increment();
        sumNanos.add(n);
    }

    @Override
    public long count() {
        long c = 0;
        for (LongAdder b : buckets) {
            c += b.sum();
        }
        return c;
    }

    @Override
    public long sumNanos() {
        return sumNanos.sum();
    }

    /** Per-bucket (not cumulative) counts read now, the last one for {@code +Inf}. */
    long[] bucketCounts() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return counts;
    }
}
