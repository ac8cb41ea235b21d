package io.flowstate.core.health;

import io.flowstate.core.config.OutlierConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Success-rate outlier detection, Envoy's algorithm
 * ({@code source/extensions/outlier_detection/...} / the Envoy docs, "Success Rate"): among the
 * endpoints with at least {@code requestVolume} tries in the interval, and only when there are
 * at least {@code minimumHosts} of them, eject each whose success rate is below
 * {@code mean - stdevFactor * stdev} of their rates.
 */
public final class SuccessRateOutliers {
    private SuccessRateOutliers() {
    }

    /** One endpoint's interval, identified by its index in the caller's list. */
    public record Sample(int index, long total, double successRate) {
    }

    /** The samples to eject, in the order given, with their reasons. */
    public static List<Verdict> judge(List<Sample> samples, OutlierConfig.SuccessRate config) {
        List<Sample> judged = new ArrayList<>();
        for (Sample s : samples) {
            if (s.total() >= config.requestVolume()) {
                judged.add(s);
            }
        }
        if (!config.enabled() || judged.size() < config.minimumHosts()) {
            return List.of();
        }
        double mean = 0;
        for (Sample s : judged) {
            mean += s.successRate();
        }
        mean /= judged.size();
        double variance = 0;
        for (Sample s : judged) {
            double d = s.successRate() - mean;
            variance += d * d;
        }
        double stdev = Math.sqrt(variance / judged.size());
        double floor = mean - config.stdevFactor() * stdev;
        List<Verdict> out = new ArrayList<>();
        for (Sample s : judged) {
            if (s.successRate() < floor) {
                out.add(new Verdict(s.index(), String.format(java.util.Locale.ROOT,
                        "success rate %.1f%% below the pool's floor %.1f%%", 100 * s.successRate(), 100 * floor)));
            }
        }
        return out;
    }
}
