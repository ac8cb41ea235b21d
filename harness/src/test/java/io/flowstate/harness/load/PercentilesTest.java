package io.flowstate.harness.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** p50, p95, p99, p99.9 and max, in that order, wherever a latency is given. */
class PercentilesTest {

    @Test
    void theReportedFiguresAreP50P95P99P999AndTheMaximum() {
        assertArrayEquals(new double[] {50, 95, 99, 99.9}, Percentiles.reported());
        Histogram h = new Histogram(3);
        for (int v = 1; v <= 10_000; v++) {
            h.recordValue(v * 10L);                         // 10 us .. 100 ms, uniform
        }
        assertEquals("p50 50.02 ms, p95 95.04 ms, p99 99.01 ms, p99.9 99.90 ms, max 100.03 ms", Percentiles.line(h));
        assertEquals("p99.9", Percentiles.label(99.9));
        assertEquals("p50", Percentiles.label(50));
    }
}
