package io.flowstate.harness.report;

import io.flowstate.harness.load.LoadResult;
import io.flowstate.harness.load.Second;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.SteadyState;
import io.flowstate.harness.scenario.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/** Rows made up in code, for the report's tests: no load runs. */
final class SyntheticRows {
    static final Scenario.LoadPoint CLOSED_10 = new Scenario.LoadPoint(10, 0, true);

    private SyntheticRows() {
    }

    /**
     * A row whose every second completed {@code rps} responses over {@code seconds} seconds,
     * spread evenly over {@code backends}, with latencies drawn around {@code medianMicros}
     * (lognormal, sigma 0.5, seeded by the row's label).
     */
    static Row row(String variant, Target target, Scenario.LoadPoint load, int repeat, double rps, long medianMicros,
                   List<String> backends, int seconds) {
        long perSecond = Math.round(rps);
        SplittableRandom random = new SplittableRandom((variant + target.label() + load.label() + repeat).hashCode());
        Histogram corrected = new Histogram(3);
        Histogram uncorrected = new Histogram(3);
        List<Second> timeline = new ArrayList<>();
        Map<String, Long> total = new LinkedHashMap<>();
        int samples = (int) Math.min(perSecond, 2_000);       // enough for the percentiles, fast to make
        for (int s = 0; s < seconds; s++) {
            Histogram second = new Histogram(3);
            for (int i = 0; i < samples; i++) {
                long v = Math.max(1, Math.round(medianMicros * Math.exp(0.5 * random.nextGaussian())));
                second.recordValueWithCount(v, Math.max(1, perSecond / samples));
            }
            corrected.add(second);
            uncorrected.add(second);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int b = 0; b < backends.size(); b++) {
                counts.put(backends.get(b), perSecond / backends.size());
                total.merge(backends.get(b), perSecond / backends.size(), Long::sum);
            }
            timeline.add(new Second(s, perSecond, 0, counts, second.getValueAtPercentile(99)));
        }
        long completed = timeline.stream().mapToLong(Second::completed).sum();
        Map<String, Long> errors = new LinkedHashMap<>();
        for (String k : List.of(LoadResult.CONNECT, LoadResult.TIMEOUT, LoadResult.RESET, LoadResult.STATUS)) {
            errors.put(k, 0L);
        }
        LoadResult result = new LoadResult(completed, completed, errors, Map.of(200, completed), total, corrected,
                uncorrected, timeline, 0.3, false, Duration.ofSeconds(seconds), Duration.ofSeconds(7), 0.6, 1);
        String file = (variant + "-" + target.label() + "-" + load.label() + "-r" + repeat).replaceAll("[^A-Za-z0-9_.-]+", "_");
        return new Row(variant, target, load, repeat, result, Path.of("/tmp/synthetic/hlog/" + file + ".hlog"),
                new SteadyState.Verdict(Duration.ofSeconds(7), true, 0.02, 3), null);
    }

    /** A FlowState row with a bucket check over the proxy's default buckets. */
    static Row withBuckets(Row r) {
        double[] bounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
            10, 30, Double.POSITIVE_INFINITY};
        var proxy = io.flowstate.harness.buckets.BucketHistogram.of(r.result().uncorrected(), bounds);
        return new Row(r.variant(), r.target(), r.load(), r.repeat(), r.result(), r.hlog(), r.warmUp(),
                io.flowstate.harness.buckets.BucketCheck.of(r.result().uncorrected(), proxy));
    }

    /** A run's outcome over these rows: one variant, default work, no notes. */
    static io.flowstate.harness.scenario.Runner.Outcome outcome(List<Row> rows) {
        return new io.flowstate.harness.scenario.Runner.Outcome(rows, List.of("a note"), List.of(
                new io.flowstate.harness.scenario.CrossCheck("wrk", "closed x10", 1, 1000, 1010, 300, 310)),
                List.of(new io.flowstate.harness.scenario.Runner.ConfigFile("default", "flowstate-nio-wrr",
                        Path.of("logs/default-flowstate-nio-wrr.json"))),
                Map.of("default", new io.flowstate.harness.scenario.EqualWork(true, 64, false, List.of())));
    }

    static Row row(Target target, int repeat, double rps, long medianMicros) {
        return row("default", target, CLOSED_10, repeat, rps, medianMicros, List.of("b1", "b2"), 3);
    }
}
