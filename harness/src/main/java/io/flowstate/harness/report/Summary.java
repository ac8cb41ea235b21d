package io.flowstate.harness.report;

import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.load.LoadResult;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code summary.json}: every number the report shows, one object per row, for scripts
 * and notebooks. Latencies in microseconds, rates per second.
 */
final class Summary {
    private Summary() {
    }

    static JsonObject of(Scenario scenario, String profile, Scenario.Profile settings, Map<String, String> environment,
                         List<Row> rows, List<String> notes, List<io.flowstate.harness.scenario.CrossCheck> crossChecks,
                         Path out) {
        Map<String, JsonValue> root = new LinkedHashMap<>();
        root.put("scenario", new JsonString(scenario.name()));
        root.put("profile", new JsonString(profile));
        root.put("repeats", JsonNumber.of(settings.repeats()));
        root.put("seed", JsonNumber.of(scenario.seed()));
        Map<String, JsonValue> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> env.put(k, new JsonString(v)));
        root.put("environment", new JsonObject(env));
        root.put("notes", new JsonArray(notes.stream().<JsonValue>map(JsonString::new).toList()));
        List<JsonValue> list = new ArrayList<>();
        for (Row r : rows) {
            list.add(row(r, out));
        }
        root.put("rows", new JsonArray(list));
        root.put("points", points(new Points(rows)));
        List<JsonValue> checks = new ArrayList<>();
        for (var c : crossChecks) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("tool", new JsonString(c.tool()));
            m.put("load", new JsonString(c.load()));
            m.put("repeat", JsonNumber.of(c.repeat()));
            m.put("harnessRps", decimal(c.harnessRps()));
            m.put("toolRps", decimal(c.toolRps()));
            m.put("harness_p99_us", decimal(c.harnessP99Micros()));
            m.put("tool_p99_us", decimal(c.toolP99Micros()));
            m.put("agrees", new JsonBoolean(c.agrees()));
            checks.add(new JsonObject(m));
        }
        root.put("wrkCrossCheck", new JsonArray(checks));
        return new JsonObject(root);
    }

    private static JsonObject row(Row r, Path out) {
        LoadResult res = r.result();
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("variant", new JsonString(r.variant()));
        m.put("target", new JsonString(r.target().label()));
        m.put("repeat", JsonNumber.of(r.repeat()));
        switch (r.target()) {
            case Target.FlowState f -> {
                m.put("engine", new JsonString(f.engine()));
                m.put("balancer", new JsonString(f.balancer()));
            }
            case Target.Peer p -> {
                m.put("peer", new JsonString(p.kind()));
                m.put("balancer", new JsonString(p.balancer()));
                m.put("peerAlgorithm", new JsonString(p.algorithm()));
            }
            case Target.Direct d -> { }
        }
        m.put("load", new JsonString(r.load().label()));
        m.put("connections", JsonNumber.of(r.load().connections()));
        m.put("ratePerSecond", decimal(r.load().ratePerSecond()));
        m.put("sent", JsonNumber.of(res.sent()));
        m.put("completed", JsonNumber.of(res.completed()));
        m.put("errors", JsonNumber.of(res.errors()));
        m.put("errorsByKind", longs(res.errorsByKind()));
        Map<String, Long> statuses = new LinkedHashMap<>();
        res.statusCounts().forEach((k, v) -> statuses.put(Integer.toString(k), v));
        m.put("statusCounts", longs(statuses));
        m.put("backendCounts", longs(res.backendCounts()));
        m.put("rps", decimal(res.rps()));
        m.put("latencyMicros", latency(res.corrected()));
        m.put("uncorrectedLatencyMicros", latency(res.uncorrected()));
        m.put("generatorCpuShare", decimal(res.generatorCpuShare()));
        m.put("generatorSaturated", new JsonBoolean(res.generatorSaturated()));
        m.put("harness_cpu_cores", decimal(res.harnessCpuShare()));
        m.put("harness_cpus", JsonNumber.of(res.harnessCpus()));
        m.put("harness_saturated", new JsonBoolean(res.harnessSaturated()));
        m.put("measuredSeconds", decimal(res.measured().toMillis() / 1000.0));
        Map<String, JsonValue> warmUp = new LinkedHashMap<>();
        warmUp.put("length_s", decimal(r.warmUp().length().toMillis() / 1000.0));
        warmUp.put("settled", new JsonBoolean(r.warmUp().settled()));
        warmUp.put("spread", decimal(r.warmUp().spread()));
        warmUp.put("jit_compiles", JsonNumber.of(r.warmUp().jitCompiles()));
        m.put("warmup", new JsonObject(warmUp));
        m.put("drift", decimal(io.flowstate.harness.scenario.SteadyState.drift(res.timeline())));
        m.put("drifted", new JsonBoolean(r.drifted()));
        if (r.buckets() != null) {
            m.put("buckets", buckets(r.buckets()));
        }
        m.put("hlog", new JsonString(out.relativize(r.hlog()).toString()));
        List<JsonValue> seconds = new ArrayList<>();
        res.timeline().forEach(s -> {
            Map<String, JsonValue> sec = new LinkedHashMap<>();
            sec.put("second", JsonNumber.of(s.index() + 1));
            sec.put("completed", JsonNumber.of(s.completed()));
            sec.put("errors", JsonNumber.of(s.errors()));
            sec.put("p99Micros", JsonNumber.of(s.p99Micros()));
            sec.put("backendCounts", longs(s.backendCounts()));
            seconds.add(new JsonObject(sec));
        });
        m.put("timeline", new JsonArray(seconds));
        return new JsonObject(m);
    }

    private static JsonObject buckets(io.flowstate.harness.buckets.BucketCheck b) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("harness_count", JsonNumber.of(b.harnessCount()));
        m.put("proxy_count", JsonNumber.of(b.proxyCount()));
        m.put("bounds_s", new JsonArray(b.bounds().stream()
                .<JsonValue>map(v -> Double.isInfinite(v) ? new JsonString("+Inf") : decimal6(v)).toList()));
        List<JsonValue> qs = new ArrayList<>();
        for (var q : b.quantiles()) {
            Map<String, JsonValue> e = new LinkedHashMap<>();
            e.put("q", decimal(q.q()));
            e.put("exact_us", decimal(q.exactMicros()));
            e.put("bucketed_us", decimal(q.bucketedMicros()));
            e.put("proxy_us", decimal(q.proxyMicros()));
            qs.add(new JsonObject(e));
        }
        m.put("quantiles", new JsonArray(qs));
        return new JsonObject(m);
    }

    private static JsonValue decimal6(double v) {
        return JsonNumber.of(BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros());
    }

    /** Per point: the median and range over its repeats of each figure, and the pairwise ratios. */
    private static JsonArray points(Points points) {
        List<JsonValue> list = new ArrayList<>();
        for (Points.Point p : points.all()) {
            Row r = p.first();
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("variant", new JsonString(r.variant()));
            m.put("target", new JsonString(r.target().label()));
            m.put("load", new JsonString(r.load().label()));
            m.put("repeats", JsonNumber.of(p.rows().size()));
            m.put("rps", spread(p.of(x -> x.result().rps())));
            for (double pct : Points.PERCENTILES) {
                m.put(percentileKey(pct), spread(p.of(x -> x.result().corrected().getValueAtPercentile(pct))));
            }
            m.put("max_us", spread(p.of(x -> x.result().corrected().getMaxValue())));
            m.put("p99_raw_us", spread(p.of(x -> x.result().uncorrected().getValueAtPercentile(99))));
            m.put("rps_vs_direct", spread(points.vsDirect(p)));
            m.put("p99_vs_nginx", spread(points.p99VsNginx(p)));
            list.add(new JsonObject(m));
        }
        return new JsonArray(list);
    }

    /** {@code p50_us}, {@code p99_9_us}. */
    static String percentileKey(double pct) {
        String n = pct == Math.rint(pct) ? Long.toString((long) pct) : Double.toString(pct).replace('.', '_');
        return "p" + n + "_us";
    }

    private static JsonValue spread(Spread s) {
        if (s.n() == 0) {
            return new io.flowstate.core.json.JsonNull();
        }
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("median", decimal(s.median()));
        m.put("min", decimal(s.min()));
        m.put("max", decimal(s.max()));
        m.put("n", JsonNumber.of(s.n()));
        return new JsonObject(m);
    }

    private static JsonObject latency(Histogram h) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("p50", JsonNumber.of(h.getValueAtPercentile(50)));
        m.put("p90", JsonNumber.of(h.getValueAtPercentile(90)));
        m.put("p95", JsonNumber.of(h.getValueAtPercentile(95)));
        m.put("p99", JsonNumber.of(h.getValueAtPercentile(99)));
        m.put("p99.9", JsonNumber.of(h.getValueAtPercentile(99.9)));
        m.put("max", JsonNumber.of(h.getMaxValue()));
        m.put("mean", decimal(h.getMean()));
        m.put("count", JsonNumber.of(h.getTotalCount()));
        return new JsonObject(m);
    }

    private static JsonObject longs(Map<String, Long> values) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, JsonNumber.of(v)));
        return new JsonObject(m);
    }

    private static JsonValue decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return new JsonString(Double.toString(v));
        }
        return JsonNumber.of(BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP));
    }
}
