package io.flowstate.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.OutlierConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutliersTest {
    private static final long MS = 1_000_000L;

    @Test
    void successRateEjectsTheEndpointFarBelowTheMean() {
        var config = new OutlierConfig.SuccessRate(3, 100, 1.0);
        List<SuccessRateOutliers.Sample> samples = List.of(
                new SuccessRateOutliers.Sample(0, 200, 0.99),
                new SuccessRateOutliers.Sample(1, 200, 0.98),
                new SuccessRateOutliers.Sample(2, 200, 0.99),
                new SuccessRateOutliers.Sample(3, 200, 0.50));
        List<Verdict> out = SuccessRateOutliers.judge(samples, config);
        assertEquals(1, out.size());
        assertEquals(3, out.get(0).index());
    }

    @Test
    void successRateNeedsEnoughEndpointsWithEnoughRequests() {
        var config = new OutlierConfig.SuccessRate(3, 100, 1.0);
        List<SuccessRateOutliers.Sample> samples = List.of(
                new SuccessRateOutliers.Sample(0, 200, 0.99),
                new SuccessRateOutliers.Sample(1, 99, 0.98),  // too few requests to be judged
                new SuccessRateOutliers.Sample(2, 200, 0.10));
        assertTrue(SuccessRateOutliers.judge(samples, config).isEmpty());
    }

    @Test
    void equalRatesEjectNobody() {
        var config = new OutlierConfig.SuccessRate(2, 1, 1.9);
        List<SuccessRateOutliers.Sample> samples = List.of(
                new SuccessRateOutliers.Sample(0, 10, 0.5), new SuccessRateOutliers.Sample(1, 10, 0.5));
        assertTrue(SuccessRateOutliers.judge(samples, config).isEmpty());
    }

    @Test
    void latencyEjectsTheEndpointFarAboveTheMedian() {
        var config = new OutlierConfig.Latency(0.9, 3, Duration.ofMillis(10), 3, 10);
        List<LatencyOutliers.Sample> samples = List.of(
                new LatencyOutliers.Sample(0, 50, 5 * MS),
                new LatencyOutliers.Sample(1, 50, 6 * MS),
                new LatencyOutliers.Sample(2, 50, 40 * MS));
        List<Verdict> out = LatencyOutliers.judge(samples, config);
        assertEquals(List.of(2), out.stream().map(Verdict::index).toList());
        assertTrue(out.get(0).reason().contains("p90"), out.get(0).reason());
    }

    @Test
    void latencyBelowTheMinimumIsNeverAnOutlier() {
        var config = new OutlierConfig.Latency(0.9, 3, Duration.ofMillis(50), 3, 10);
        List<LatencyOutliers.Sample> samples = List.of(
                new LatencyOutliers.Sample(0, 50, MS),
                new LatencyOutliers.Sample(1, 50, MS),
                new LatencyOutliers.Sample(2, 50, 40 * MS));  // 40x the median, but fast enough
        assertTrue(LatencyOutliers.judge(samples, config).isEmpty());
    }

    @Test
    void intervalQuantileIsWithinAFactorOfTwo() {
        IntervalStats stats = new IntervalStats();
        for (int i = 1; i <= 100; i++) {
            stats.record(true, i * MS);                       // 1 .. 100 ms
        }
        stats.record(false, -1);
        IntervalStats.Window w = stats.roll();
        assertEquals(101, w.total());
        assertEquals(100, w.latencySamples());
        long p90 = w.latencyQuantileNanos(0.9);
        assertTrue(p90 >= 45 * MS && p90 <= 180 * MS, "p90 " + p90);
        assertEquals(0, stats.roll().total(), "a roll starts an empty interval");
    }
}
