package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where an observation lands: bounds are inclusive, beyond the last is +Inf. */
class HistogramTest {
    private static final MetricSpec SPEC = MetricSpec.histogram("x_seconds", "H.",
            DurationBuckets.ofNanos(1_000, 2_000, 5_000));

    private static HistogramCell histogram() {
        return (HistogramCell) Metrics.create().histogram(SPEC);
    }

    @Test
    void aBoundBelongsToItsOwnBucket() {
        HistogramCell h = histogram();
        h.observeNanos(1_000);
        h.observeNanos(2_000);
        h.observeNanos(5_000);
        assertArrayEquals(new long[] {1, 1, 1, 0}, h.bucketCounts());
    }

    @Test
    void justAboveABoundIsTheNextBucket() {
        HistogramCell h = histogram();
        h.observeNanos(1_001);
        h.observeNanos(2_001);
        h.observeNanos(5_001);
        h.observeNanos(Long.MAX_VALUE / 2);
        assertArrayEquals(new long[] {0, 1, 1, 2}, h.bucketCounts());
    }

    @Test
    void zeroAndNegativeGoToTheFirstBucketAndAddNothing() {
        HistogramCell h = histogram();
        h.observeNanos(0);
        h.observeNanos(-40);
        h.observeNanos(Long.MIN_VALUE);
        assertArrayEquals(new long[] {3, 0, 0, 0}, h.bucketCounts());
        assertEquals(0, h.sumNanos());
        assertEquals(3, h.count());
    }

    @Test
    void countAndSumAreOfEveryObservation() {
        HistogramCell h = histogram();
        h.observeNanos(500);
        h.observeNanos(1_500);
        h.observeNanos(9_000);
        assertEquals(3, h.count());
        assertEquals(11_000, h.sumNanos());
    }

    @Test
    void defaultBucketsPlaceLoopbackAndSlowRequests() {
        HistogramCell h = (HistogramCell) Metrics.create()
                .histogram(MetricSpec.histogram("y_seconds", "H."));
        h.observeNanos(80_000);            // 80 µs: le 0.0001
        h.observeNanos(300_000);           // 300 µs: le 0.0005
        h.observeNanos(29_000_000_000L);   // 29 s: le 30
        h.observeNanos(31_000_000_000L);   // 31 s: +Inf
        long[] counts = h.bucketCounts();
        assertEquals(18, counts.length);
        assertEquals(1, counts[0]);
        assertEquals(1, counts[2]);
        assertEquals(1, counts[16]);
        assertEquals(1, counts[17]);
    }
}
