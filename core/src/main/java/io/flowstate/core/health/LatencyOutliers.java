package io.flowstate.core.health;

import io.flowstate.core.config.OutlierConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency outlier detection: among the endpoints with at least {@code requestVolume} latency
 * samples in the interval, and only when there are at least {@code minimumHosts} of them,
 * eject each whose {@code quantile} latency is above {@code factor} times the median of their
 * quantiles and above {@code minimum}. The median, not the mean, is the reference so that one
 * very slow endpoint cannot drag the bar up and hide itself (the same reason Envoy's
 * failure-percentage and Finagle's aperture use order statistics).
 */
public final class LatencyOutliers {
    private LatencyOutliers() {
    }

    /** One endpoint's interval quantile, identified by its index in the caller's list. */
    public record Sample(int index, long samples, long quantileNanos) {
    }

    public static List<Verdict> judge(List<Sample> samples, OutlierConfig.Latency config) {
        List<Sample> judged = new ArrayList<>();
        for (Sample s : samples) {
            if (s.samples() >= config.requestVolume()) {
                judged.add(s);
            }
        }
        if (!config.enabled() || judged.size() < config.minimumHosts()) {
            return List.of();
        }
        long[] q = judged.stream().mapToLong(Sample::quantileNanos).sorted().toArray();
        double median = q.length % 2 == 1 ? q[q.length / 2] : (q[q.length / 2 - 1] + q[q.length / 2]) / 2.0;
        double bar = Math.max(median * config.factor(), config.minimum().toNanos());
        List<Verdict> out = new ArrayList<>();
        for (Sample s : judged) {
            if (s.quantileNanos() > bar) {
                out.add(new Verdict(s.index(), String.format(java.util.Locale.ROOT,
                        "p%s latency %.1f ms above %.1f x the pool's median %.1f ms", percentile(config.quantile()),
                        s.quantileNanos() / 1e6, config.factor(), median / 1e6)));
            }
        }
        return out;
    }

    private static String percentile(double q) {
        double p = q * 100;
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
