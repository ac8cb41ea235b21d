package io.flowstate.harness.report;

import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNull;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.buckets.BucketCheck;
import io.flowstate.harness.load.LoadResult;
import io.flowstate.harness.load.Percentiles;
import io.flowstate.harness.load.Second;
import io.flowstate.harness.scenario.CrossCheck;
import io.flowstate.harness.scenario.EqualWork;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Runner;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.SteadyState;
import io.flowstate.harness.scenario.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * {@code summary.json}: every number the report shows, for scripts, notebooks and
 * {@code make compare}. The schema ({@link #SCHEMA}) is documented key by key in
 * docs/harness.md, and a test fails when the two drift apart. Keys are snake_case and carry
 * their unit ({@code _us} microseconds, {@code _s} seconds, {@code _bytes}, {@code rps}
 * responses per second, {@code _cores} CPUs kept busy); a number that cannot be known is
 * {@code null}.
 */
final class Summary {
    /** The schema's version: 2 since steady state, repeats and buckets (1 had camelCase keys). */
    static final int SCHEMA = 2;

    private Summary() {
    }

    static JsonObject of(Scenario scenario, String profile, Scenario.Profile settings, Environment environment,
                         Runner.Outcome outcome, Publication publication, Path out) {
        Map<String, JsonValue> root = new LinkedHashMap<>();
        root.put("schema", JsonNumber.of(SCHEMA));
        root.put("scenario", str(scenario.name()));
        root.put("description", str(scenario.description()));
        root.put("profile", str(profile));
        root.put("repeats", JsonNumber.of(settings.repeats()));
        root.put("warmup_min_s", seconds(settings.warmup().toMillis()));
        root.put("warmup_max_s", seconds(settings.warmupMax().toMillis()));
        root.put("duration_s", seconds(settings.duration().toMillis()));
        root.put("seed", JsonNumber.of(scenario.seed()));
        root.put("published", bool(publication.published()));
        root.put("environment", environment(environment));
        root.put("backends", list(scenario.backends(), b -> object(
                "name", str(b.name()), "weight", JsonNumber.of(scenario.weights().getOrDefault(b.name(), 1)))));
        root.put("timeline", list(scenario.timeline(), e -> object(
                "at_s", seconds(e.at().toMillis()), "backend", str(e.backend()), "set", e.change())));
        root.put("notes", list(outcome.notes(), Summary::str));
        root.put("equal_work", equalWork(outcome.work()));
        root.put("configs", list(outcome.configs(), c -> object(
                "variant", str(c.variant()), "target", str(c.target()), "path", str(c.path().toString()))));
        root.put("rows", list(outcome.rows(), r -> row(r, out)));
        root.put("points", points(new Points(outcome.rows())));
        root.put("cross_checks", list(outcome.crossChecks(), Summary::crossCheck));
        return new JsonObject(root);
    }

    private static JsonObject environment(Environment e) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("date_utc", str(e.date().toString()));
        m.put("commit", str(e.commit()));
        m.put("commit_short", str(e.commitShort()));
        m.put("dirty", bool(e.dirty()));
        m.put("cpu_model", str(e.cpuModel()));
        m.put("cpus", JsonNumber.of(e.cpus()));
        m.put("memory_bytes", e.memoryBytes() < 0 ? new JsonNull() : JsonNumber.of(e.memoryBytes()));
        m.put("os", str(e.os()));
        m.put("jdk", str(e.jdk()));
        m.put("proxy_heap", str(e.proxyHeap()));
        m.put("harness_heap_max_bytes", JsonNumber.of(e.harnessHeapMaxBytes()));
        m.put("pinning", object(
                "mode", str(e.pinning().pinned() ? "pinned" : "unpinned"),
                "proxy_cpus", e.pinning().proxyCpus() == null ? new JsonNull() : str(e.pinning().proxyCpus()),
                "harness_cpus", e.pinning().harnessCpus() == null ? new JsonNull() : str(e.pinning().harnessCpus()),
                "why", str(e.pinning().why())));
        m.put("nginx_version", str(e.nginx()));
        m.put("haproxy_version", str(e.haproxy()));
        return new JsonObject(m);
    }

    private static JsonObject equalWork(Map<String, EqualWork> work) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        work.forEach((variant, w) -> m.put(variant, object(
                "upstream_keep_alive", bool(w.upstreamKeepAlive()),
                "idle_per_backend", JsonNumber.of(w.idlePerBackend()),
                "access_log", bool(w.accessLog()),
                "other_filters", list(w.otherFilters(), Summary::str))));
        return new JsonObject(m);
    }

    private static JsonObject row(Row r, Path out) {
        LoadResult res = r.result();
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("variant", str(r.variant()));
        m.put("target", str(r.target().label()));
        switch (r.target()) {
            case Target.FlowState f -> {
                m.put("kind", str("flowstate"));
                m.put("engine", str(f.engine()));
                m.put("balancer", str(f.balancer()));
            }
            case Target.Peer p -> {
                m.put("kind", str("peer"));
                m.put("peer", str(p.kind()));
                m.put("balancer", str(p.balancer()));
                m.put("peer_algorithm", str(p.algorithm()));
            }
            case Target.Direct d -> m.put("kind", str("direct"));
        }
        m.put("load", str(r.load().label()));
        m.put("connections", JsonNumber.of(r.load().connections()));
        m.put("rate_rps", decimal(r.load().ratePerSecond()));
        m.put("keep_alive", bool(r.load().keepAlive()));
        m.put("repeat", JsonNumber.of(r.repeat()));
        m.put("sent", JsonNumber.of(res.sent()));
        m.put("completed", JsonNumber.of(res.completed()));
        m.put("errors", JsonNumber.of(res.errors()));
        m.put("errors_by_kind", longs(res.errorsByKind()));
        Map<String, Long> statuses = new LinkedHashMap<>();
        res.statusCounts().forEach((k, v) -> statuses.put(Integer.toString(k), v));
        m.put("status_counts", longs(statuses));
        m.put("backend_counts", longs(res.backendCounts()));
        m.put("rps", decimal(res.rps()));
        m.put("measured_s", seconds(res.measured().toMillis()));
        m.put("latency", latency(res.corrected()));
        m.put("latency_raw", latency(res.uncorrected()));
        m.put("generator_cpu_cores", decimal(res.generatorCpuShare()));
        m.put("generator_saturated", bool(res.generatorSaturated()));
        m.put("harness_cpu_cores", decimal(res.harnessCpuShare()));
        m.put("harness_cpus", JsonNumber.of(res.harnessCpus()));
        m.put("harness_saturated", bool(res.harnessSaturated()));
        SteadyState.Verdict w = r.warmUp();
        m.put("warmup", object(
                "length_s", seconds(w.length().toMillis()),
                "settled", bool(w.settled()),
                "spread", decimal(w.spread()),
                "jit_compiles", w.jitCompiles() < 0 ? new JsonNull() : JsonNumber.of(w.jitCompiles())));
        double drift = SteadyState.drift(res.timeline());
        m.put("drift", decimal(drift));
        m.put("drifted", bool(r.drifted()));
        m.put("buckets", r.buckets() == null ? new JsonNull() : buckets(r.buckets()));
        m.put("hlog", str(out.relativize(r.hlog()).toString()));
        m.put("hgrm", str(out.relativize(HgrmFiles.corrected(out, r)).toString()));
        m.put("hgrm_raw", str(out.relativize(HgrmFiles.raw(out, r)).toString()));
        m.put("timeline", list(res.timeline(), Summary::second));
        return new JsonObject(m);
    }

    private static JsonObject second(Second s) {
        return object(
                "second", JsonNumber.of(s.index() + 1),
                "completed", JsonNumber.of(s.completed()),
                "errors", JsonNumber.of(s.errors()),
                "status_errors", JsonNumber.of(s.statusErrors()),
                "p99_us", JsonNumber.of(s.p99Micros()),
                "backend_counts", longs(s.backendCounts()));
    }

    private static JsonObject buckets(BucketCheck b) {
        return object(
                "harness_count", JsonNumber.of(b.harnessCount()),
                "proxy_count", JsonNumber.of(b.proxyCount()),
                "bounds_s", list(b.bounds(), v -> Double.isInfinite(v) ? str("+Inf") : exact(v)),
                "quantiles", list(b.quantiles(), q -> object(
                        "q", decimal(q.q()),
                        "exact_us", decimal(q.exactMicros()),
                        "bucketed_us", decimal(q.bucketedMicros()),
                        "proxy_us", decimal(q.proxyMicros()))));
    }

    /** Per point: the median and range over its repeats of each figure, and the pairwise ratios. */
    private static JsonArray points(Points points) {
        return list(points.all(), p -> {
            Row r = p.first();
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("variant", str(r.variant()));
            m.put("target", str(r.target().label()));
            m.put("load", str(r.load().label()));
            m.put("repeats", JsonNumber.of(p.rows().size()));
            m.put("rps", spread(p.of(x -> x.result().rps())));
            for (double pct : Points.PERCENTILES) {
                m.put(percentileKey(pct), spread(p.of(x -> x.result().corrected().getValueAtPercentile(pct))));
            }
            m.put("max_us", spread(p.of(x -> x.result().corrected().getMaxValue())));
            m.put("p99_raw_us", spread(p.of(x -> x.result().uncorrected().getValueAtPercentile(99))));
            m.put("rps_vs_direct", spread(points.vsDirect(p)));
            m.put("p99_vs_nginx", spread(points.p99VsNginx(p)));
            m.put("settled", bool(p.rows().stream().allMatch(x -> x.warmUp().settled())));
            m.put("drifted", bool(p.rows().stream().anyMatch(Row::drifted)));
            m.put("saturated", bool(p.rows().stream().anyMatch(x -> x.result().saturated())));
            return new JsonObject(m);
        });
    }

    private static JsonObject crossCheck(CrossCheck c) {
        return object(
                "tool", str(c.tool()),
                "load", str(c.load()),
                "repeat", JsonNumber.of(c.repeat()),
                "harness_rps", decimal(c.harnessRps()),
                "tool_rps", decimal(c.toolRps()),
                "harness_p99_us", decimal(c.harnessP99Micros()),
                "tool_p99_us", decimal(c.toolP99Micros()),
                "agrees", bool(c.agrees()));
    }

    /** {@code p50_us}, {@code p99_9_us}. */
    static String percentileKey(double pct) {
        return Percentiles.label(pct).replace('.', '_') + "_us";
    }

    private static JsonObject latency(Histogram h) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        for (double pct : new double[] {50, 90, 95, 99, 99.9}) {
            m.put(percentileKey(pct), JsonNumber.of(h.getValueAtPercentile(pct)));
        }
        m.put("max_us", JsonNumber.of(h.getMaxValue()));
        m.put("mean_us", decimal(h.getMean()));
        m.put("count", JsonNumber.of(h.getTotalCount()));
        return new JsonObject(m);
    }

    private static JsonValue spread(Spread s) {
        if (s.n() == 0) {
            return new JsonNull();
        }
        return object("median", decimal(s.median()), "min", decimal(s.min()), "max", decimal(s.max()),
                "n", JsonNumber.of(s.n()));
    }

    private static <T> JsonArray list(List<T> items, Function<T, JsonValue> f) {
        List<JsonValue> out = new ArrayList<>();
        items.forEach(i -> out.add(f.apply(i)));
        return new JsonArray(out);
    }

    private static JsonObject object(Object... keysAndValues) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (JsonValue) keysAndValues[i + 1]);
        }
        return new JsonObject(m);
    }

    private static JsonObject longs(Map<String, Long> values) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, JsonNumber.of(v)));
        return new JsonObject(m);
    }

    private static JsonString str(String s) {
        return new JsonString(s);
    }

    private static JsonBoolean bool(boolean b) {
        return new JsonBoolean(b);
    }

    private static JsonValue seconds(long millis) {
        return decimal(millis / 1000.0);
    }

    /** Three decimals; null for NaN or infinite. */
    private static JsonValue decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return new JsonNull();
        }
        return JsonNumber.of(BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP));
    }

    private static JsonValue exact(double v) {
        return JsonNumber.of(BigDecimal.valueOf(v).stripTrailingZeros());
    }
}
