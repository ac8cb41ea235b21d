package io.flowstate.harness.buckets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** histogram_quantile as Prometheus computes it, deltas between scrapes, and HdrHistogram put into buckets. */
class BucketHistogramTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static BucketHistogram h(double[] bounds, long... cumulative) {
        return new BucketHistogram(bounds, cumulative);
    }

    @Test
    void interpolatesLinearlyInTheBucketHoldingTheRank() {
        BucketHistogram b = h(new double[] {0.001, 0.0025, 0.005, INF}, 50, 90, 100, 100);
        // rank 50 of 100: the end of the first bucket, which starts at 0
        assertEquals(0.001, b.quantile(0.5), 1e-12);
        // rank 25: half way through the first bucket
        assertEquals(0.0005, b.quantile(0.25), 1e-12);
        // rank 70: 20 of the second bucket's 40, half way from 1 ms to 2.5 ms
        assertEquals(0.00175, b.quantile(0.7), 1e-12);
        // rank 95: 5 of the third bucket's 10
        assertEquals(0.00375, b.quantile(0.95), 1e-12);
        assertEquals(0.005, b.quantile(1), 1e-12);
    }

    @Test
    void aRankInTheInfBucketIsTheLargestFiniteBound() {
        BucketHistogram b = h(new double[] {0.1, 30, INF}, 90, 95, 100);
        assertEquals(30, b.quantile(0.99), 0);
    }

    @Test
    void noObservationsIsNaN() {
        assertTrue(Double.isNaN(h(new double[] {0.1, INF}, 0, 0).quantile(0.5)));
    }

    @Test
    void theDeltaOfTwoScrapesIsWhatHappenedBetween() {
        double[] bounds = {0.001, 0.01, INF};
        BucketHistogram before = h(bounds, 10, 15, 15);
        BucketHistogram after = h(bounds, 110, 215, 216);
        assertEquals(h(bounds, 100, 200, 201), after.minus(before));
        assertThrows(IllegalArgumentException.class, () -> before.minus(after), "counts went down: a restart");
        assertThrows(IllegalArgumentException.class, () -> after.minus(h(new double[] {0.002, 0.01, INF}, 0, 0, 0)));
    }

    @Test
    void refusesBucketsThatAreNotAPrometheusHistogram() {
        assertThrows(IllegalArgumentException.class, () -> h(new double[] {0.1, 0.2}, 1, 2), "no +Inf");
        assertThrows(IllegalArgumentException.class, () -> h(new double[] {0.2, 0.1, INF}, 1, 2, 3), "not ascending");
        assertThrows(IllegalArgumentException.class, () -> h(new double[] {INF}, 1), "one bucket");
    }

    @Test
    void anHdrHistogramFillsTheSameBucketsAndTheBucketErrorShows() {
        Histogram micros = new Histogram(3);
        micros.recordValueWithCount(1_100, 990);                // 99% at 1.1 ms
        micros.recordValueWithCount(20_000, 10);                // 1% at 20 ms
        double[] bounds = {0.001, 0.0025, 0.025, INF};
        BucketHistogram b = BucketHistogram.of(micros, bounds);
        assertEquals(h(bounds, 0, 990, 1000, 1000), b);
        // The exact p99 is 1.1 ms; the buckets put rank 990 at the top of (1 ms, 2.5 ms].
        assertEquals(1_100, micros.getValueAtPercentile(99), 2);
        assertEquals(0.0025, b.quantile(0.99), 1e-12);
        BucketCheck check = BucketCheck.of(micros, b);
        BucketCheck.Quantile p99 = check.quantiles().get(2);
        assertEquals(0.99, p99.q());
        assertEquals(2500, p99.bucketedMicros(), 1e-6);
        assertEquals((2500 - p99.exactMicros()) / p99.exactMicros(), p99.bucketError(), 1e-12);
        assertEquals(1000, check.harnessCount());
        assertEquals(1000, check.proxyCount());
    }

    @Test
    void readsTheHistogramFromAScrapeSummedOverRoutes() {
        String scrape = """
                # HELP flowstate_request_duration_seconds Time from a request head read to its response complete.
                # TYPE flowstate_request_duration_seconds histogram
                flowstate_request_duration_seconds_bucket{route="",le="0.0001"} 0
                flowstate_request_duration_seconds_bucket{route="",le="0.001"} 1
                flowstate_request_duration_seconds_bucket{route="",le="+Inf"} 2
                flowstate_request_duration_seconds_sum{route=""} 0.5
                flowstate_request_duration_seconds_count{route=""} 2
                flowstate_request_duration_seconds_bucket{route="all",le="0.0001"} 5
                flowstate_request_duration_seconds_bucket{route="all",le="0.001"} 70
                flowstate_request_duration_seconds_bucket{route="all",le="+Inf"} 100
                flowstate_upstream_ttfb_seconds_bucket{pool="bench",backend="127.0.0.1:1",le="0.001"} 99
                flowstate_requests_total{route="all",pool="bench",backend="127.0.0.1:1",method="GET",code_class="2xx"} 100
                """;
        BucketHistogram b = PrometheusText.histogram(scrape, MetricsScrape.REQUEST_DURATION);
        assertEquals(h(new double[] {0.0001, 0.001, INF}, 5, 71, 102), b);
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.histogram(scrape, "flowstate_absent_seconds"));
    }
}
