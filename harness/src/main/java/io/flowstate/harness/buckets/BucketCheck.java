package io.flowstate.harness.buckets;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One FlowState row's bucket check: for p50, p95 and p99, the exact figure from the harness's
 * HdrHistogram, the estimate {@code histogram_quantile} makes from the same latencies put into
 * the proxy's buckets (the error the buckets alone cause), and the estimate from the proxy's own
 * {@code /metrics} histogram over the point (what a dashboard of the proxy would show: bucket
 * error plus where it measures, from the request head read to the response written, which
 * leaves out the network, the kernel's queues and the client).
 *
 * <p>The harness side is the raw latency (from the moment a request was written), the nearest
 * the client gets to what the proxy times; in closed loop it equals the corrected one.
 *
 * @param harnessCount requests in the harness's histogram
 * @param proxyCount   requests in the proxy's histogram between the scrapes (it also holds
 *                     warm-up requests that were still in flight when the first scrape ran)
 * @param quantiles    one entry per {@link #QUANTILES} value, in order
 * @param bounds       the proxy's bucket upper bounds in seconds, the last +Inf
 */
public record BucketCheck(long harnessCount, long proxyCount, List<Quantile> quantiles, List<Double> bounds) {
    /** The quantiles compared. */
    public static final double[] QUANTILES = {0.5, 0.95, 0.99};

    /**
     * One quantile, all in microseconds.
     *
     * @param q              the quantile, e.g. 0.99
     * @param exactMicros    HdrHistogram's value (three significant digits)
     * @param bucketedMicros histogram_quantile over the harness's latencies in the proxy's buckets
     * @param proxyMicros    histogram_quantile over the proxy's own histogram; NaN when it counted none
     */
    public record Quantile(double q, double exactMicros, double bucketedMicros, double proxyMicros) {
        /** {@code (bucketed - exact) / exact}. */
        public double bucketError() {
            return relative(bucketedMicros, exactMicros);
        }

        /** {@code (proxy - exact) / exact}. */
        public double proxyError() {
            return relative(proxyMicros, exactMicros);
        }

        private static double relative(double estimate, double exact) {
            return exact == 0 ? Double.NaN : (estimate - exact) / exact;
        }
    }

    public BucketCheck {
        quantiles = List.copyOf(quantiles);
        bounds = List.copyOf(bounds);
    }

    /**
     * @param harness raw latencies in microseconds of the point's requests
     * @param proxy   the proxy's request-duration histogram, after minus before
     */
    public static BucketCheck of(Histogram harness, BucketHistogram proxy) {
        BucketHistogram bucketed = BucketHistogram.of(harness, proxy.bounds());
        List<Quantile> list = new ArrayList<>();
        for (double q : QUANTILES) {
            list.add(new Quantile(q, harness.getValueAtPercentile(100 * q), 1e6 * bucketed.quantile(q),
                    1e6 * proxy.quantile(q)));
        }
        return new BucketCheck(harness.getTotalCount(), proxy.count(), list,
                java.util.Arrays.stream(proxy.bounds()).boxed().toList());
    }
}
