package io.flowstate.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The peak EWMA's arithmetic, on a clock the test writes as numbers. */
class PeakEwmaTest {

    private static final long MS = 1_000_000L;
    private static final long TAU = 1_000 * MS;
    private static final double E = Math.E;

    @Test
    void withoutSamplesTheCostIsZero() {
        PeakEwma ewma = new PeakEwma(TAU);
        assertFalse(ewma.hasSamples());
        assertEquals(0.0, ewma.costNanos(123 * MS));
    }

    @Test
    void theFirstSampleIsTheCost() {
        PeakEwma ewma = new PeakEwma(TAU);
        ewma.observe(20 * MS, 100 * MS);
        assertTrue(ewma.hasSamples());
        assertEquals(20.0 * MS, ewma.costNanos(100 * MS));
    }

    @Test
    void aSlowerSampleCountsAtOnce() {
        PeakEwma ewma = new PeakEwma(TAU);
        ewma.observe(10 * MS, 0);
        ewma.observe(500 * MS, 1);
        assertEquals(500.0 * MS, ewma.costNanos(1));
    }

    @Test
    void theCostFadesWithTimeConstantTau() {
        PeakEwma ewma = new PeakEwma(TAU);
        ewma.observe(100 * MS, 0);
        assertEquals(100.0 * MS / E, ewma.costNanos(TAU), 1e-3);
        assertEquals(100.0 * MS / (E * E), ewma.costNanos(2 * TAU), 1e-3);
        assertEquals(100.0 * MS, ewma.costNanos(0), "reading wrote nothing");
    }

    @Test
    void aFasterSamplePullsTheCostDownByHowLongItHasBeen() {
        PeakEwma ewma = new PeakEwma(TAU);
        ewma.observe(100 * MS, 0);
        ewma.observe(10 * MS, TAU);                           // w = 1/e: 100/e + 10 (1 - 1/e)
        assertEquals(100.0 * MS / E + 10.0 * MS * (1 - 1 / E), ewma.costNanos(TAU), 1e-3);

        PeakEwma soon = new PeakEwma(TAU);
        soon.observe(100 * MS, 0);
        soon.observe(10 * MS, 0);                              // no time passed: w = 1, the peak stays
        assertEquals(100.0 * MS, soon.costNanos(0));
    }

    @Test
    void aClockReadingBeforeTheStampNeitherDecaysNorMovesTheStampBack() {
        PeakEwma ewma = new PeakEwma(TAU);
        ewma.observe(100 * MS, TAU);
        assertEquals(100.0 * MS, ewma.costNanos(0));
        ewma.observe(10 * MS, 0);                             // raced in late: w = 1
        assertEquals(100.0 * MS, ewma.costNanos(TAU));
        assertEquals(100.0 * MS / E, ewma.costNanos(2 * TAU), 1e-3, "the stamp is still TAU");
    }

    @Test
    void aNegativeLatencyCountsAsZero() {
        PeakEwma ewma = new PeakEwma(TAU);
        ewma.observe(-5, 0);
        assertEquals(0.0, ewma.costNanos(0));
        assertTrue(ewma.hasSamples());
    }

    @Test
    void decayMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PeakEwma(0));
        assertEquals(10_000_000_000L, PeakEwma.DEFAULT_DECAY_NANOS);
    }

    /** With the clock standing still every lower sample leaves the peak: the end is the largest, whatever the order. */
    @Test
    void concurrentSamplesLoseNoPeak() throws Exception {
        PeakEwma ewma = new PeakEwma(TAU);
        int threads = 8;
        int each = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        ewma.observe((long) i * threads + offset, 7 * MS);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals((double) each * threads - 1, ewma.costNanos(7 * MS));
    }
}
