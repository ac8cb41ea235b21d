package io.flowstate.harness.report;

import io.flowstate.harness.buckets.BucketCheck;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Target;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The report's "Buckets against exact percentiles" section: for each FlowState point, p50, p95
 * and p99 exactly (HdrHistogram), as Prometheus' {@code histogram_quantile} estimates them from
 * the same latencies in the proxy's buckets, and as it estimates them from the proxy's own
 * {@code /metrics} histogram over the point; with the errors, and a reading of where buckets
 * mislead.
 */
final class BucketsSection {
    private BucketsSection() {
    }

    static void write(StringBuilder md, Points points) {
        List<Points.Point> checked = points.all().stream()
                .filter(p -> p.first().target() instanceof Target.FlowState)
                .filter(p -> p.rows().stream().anyMatch(r -> r.buckets() != null))
                .toList();
        if (checked.isEmpty()) {
            return;
        }
        md.append("## Buckets against exact percentiles\n\n");
        List<Double> bounds = checked.getFirst().rows().stream().map(Row::buckets).filter(Objects::nonNull)
                .findFirst().orElseThrow().bounds();
        md.append("FlowState's own latency histogram, `flowstate_request_duration_seconds`, has fixed buckets (upper "
                + "bounds ").append(bounds(bounds)).append("). The harness scraped the proxy's admin `/metrics` when "
                + "each point's measured window began and after it ended, and computed p50, p95 and p99 from the "
                + "difference as Prometheus' `histogram_quantile` does (linear interpolation within the bucket "
                + "holding the rank). `exact` is the harness's HdrHistogram of the same requests (3 significant "
                + "digits; the raw latency, from the moment each request was written, the nearest the client gets "
                + "to what the proxy times). `buckets` is `histogram_quantile` over those same latencies put into "
                + "the proxy's buckets: the error the buckets alone cause. `proxy` is `histogram_quantile` over the "
                + "proxy's own histogram: what a dashboard of the proxy shows, bucket error and the proxy's vantage "
                + "point together. Milliseconds, the error in parentheses; medians over the repeats.\n\n");
        md.append("| row | requests, harness / proxy |");
        for (double q : BucketCheck.QUANTILES) {
            String p = io.flowstate.harness.load.Percentiles.label(100 * q);
            md.append(' ').append(p).append(" exact | ").append(p).append(" buckets | ").append(p).append(" proxy |");
        }
        md.append("\n|---|---:|").append("---:|---:|---:|".repeat(BucketCheck.QUANTILES.length)).append('\n');
        double worstBucket = 0;
        String worstBucketAt = "";
        double worstProxy = 0;
        String worstProxyAt = "";
        for (Points.Point p : checked) {
            List<BucketCheck> checks = p.rows().stream().map(Row::buckets).filter(Objects::nonNull).toList();
            md.append("| ").append(p.first().label()).append(" | ")
                    .append(Spread.number(spread(checks, c -> c.harnessCount()).median())).append(" / ")
                    .append(Spread.number(spread(checks, c -> c.proxyCount()).median())).append(" |");
            for (int i = 0; i < BucketCheck.QUANTILES.length; i++) {
                int q = i;
                Spread exact = spread(checks, c -> c.quantiles().get(q).exactMicros());
                Spread bucketed = spread(checks, c -> c.quantiles().get(q).bucketedMicros());
                Spread proxy = spread(checks, c -> c.quantiles().get(q).proxyMicros());
                Spread bucketError = spread(checks, c -> c.quantiles().get(q).bucketError());
                Spread proxyError = spread(checks, c -> c.quantiles().get(q).proxyError());
                md.append(' ').append(Spread.millis(exact.median()))
                        .append(" | ").append(estimate(bucketed, bucketError))
                        .append(" | ").append(estimate(proxy, proxyError)).append(" |");
                String at = label(q) + " of " + p.first().label();
                if (Math.abs(bucketError.median()) > Math.abs(worstBucket)) {
                    worstBucket = bucketError.median();
                    worstBucketAt = at;
                }
                if (Math.abs(proxyError.median()) > Math.abs(worstProxy)) {
                    worstProxy = proxyError.median();
                    worstProxyAt = at;
                }
            }
            md.append('\n');
        }
        md.append('\n');
        md.append("**Where the buckets mislead.** ");
        if (!worstBucketAt.isEmpty()) {
            md.append(String.format(Locale.ROOT, "Here the buckets alone were furthest off at the %s (%s); the "
                    + "proxy's own figures at the %s (%s). ", worstBucketAt, percent(worstBucket), worstProxyAt,
                    percent(worstProxy)));
        }
        md.append("Interpolation assumes a bucket's requests are spread evenly between its bounds, but latencies "
                + "crowd towards the low end of a wide bucket, so an estimate lands towards the bucket's middle: "
                + "with bounds of 1 ms and 2.5 ms, a p99 truly at 1.1 ms reads as up to about 2.4 ms. The "
                + "resolution is that of the bounds, from 2x to 2.5x apart: a p99 that doubles inside one bucket "
                + "barely moves the estimate, and a small change that crosses a bound moves it a lot. An estimate "
                + "never leaves the bucket holding the rank, and a rank in the `+Inf` bucket reads as the largest "
                + "finite bound (30 s), however long the tail. Where most requests fall in the first bucket (under "
                + "0.1 ms) every quantile there is a guess between 0 and 0.1 ms. And the proxy measures from the "
                + "request head read to the response written: it does not see time in the kernel's queues, on the "
                + "wire, in the client, or (open loop) the wait of a request the client could not send yet, which "
                + "the harness's corrected figures charge. What buckets do well is add up: unlike percentiles, "
                + "bucket counts from many processes or intervals can be summed and the quantile taken after.\n\n");
    }

    private static String label(int q) {
        return io.flowstate.harness.load.Percentiles.label(100 * BucketCheck.QUANTILES[q]);
    }

    private static Spread spread(List<BucketCheck> checks, ToDoubleFunction<BucketCheck> f) {
        return Spread.of(checks.stream().map(c -> f.applyAsDouble(c)).toList());
    }

    private static String estimate(Spread value, Spread error) {
        if (value.n() == 0) {
            return "-";
        }
        return Spread.millis(value.median()) + " (" + percent(error.median()) + ")";
    }

    private static String percent(double error) {
        return Double.isNaN(error) ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * error);
    }

    private static String bounds(List<Double> bounds) {
        StringBuilder sb = new StringBuilder();
        for (double b : bounds) {
            sb.append(sb.isEmpty() ? "" : ", ")
                    .append(Double.isInfinite(b) ? "+Inf" : b < 1 ? trim(b * 1e3) + " ms" : trim(b) + " s");
        }
        return sb.toString();
    }

    /** 0.25, 1, 2.5: no trailing zeros, no float noise. */
    private static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
