package io.flowstate.harness.report;

import io.flowstate.core.json.Json;
import io.flowstate.harness.load.Second;
import io.flowstate.harness.scenario.PeerInfo;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The report's charts, as small multiples of at most {@link Chart#MAX_SERIES} series: latency
 * by percentile per load point, and throughput and p99 over time, one chart per variant and
 * balancer (the engines side by side with the direct row and the peers' nearest equivalents),
 * or per engine when a run has one engine; shares per backend over time per row for scenarios
 * with a timeline, its events marked. A target keeps its colour and dash from chart to chart.
 * Each method writes its SVGs under {@code charts/} and returns the Markdown that shows them.
 */
final class Charts {
    /** Percentiles a latency curve is drawn through (then up to its sample limit). */
    private static final double[] CURVE = {0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.75, 99.9, 99.95, 99.975,
        99.99, 99.995, 99.999};

    private final Scenario scenario;
    private final List<Row> rows;
    private final Path dir;
    private final boolean byBalancer;
    private final Map<String, Integer> styles = new LinkedHashMap<>();

    Charts(Scenario scenario, List<Row> rows, Path dir) {
        this.scenario = scenario;
        this.rows = rows;
        this.dir = dir;
        long engines = rows.stream().filter(r -> r.target() instanceof Target.FlowState)
                .map(r -> ((Target.FlowState) r.target()).engine()).distinct().count();
        this.byBalancer = engines > 1;
    }

    /** Latency by percentile of one load, every repeat pooled. */
    String latency(String load) throws IOException {
        StringBuilder md = new StringBuilder();
        Points points = new Points(rows.stream().filter(r -> r.load().label().equals(load)).toList());
        for (Group g : groups(points.all().stream().map(Points.Point::first).toList())) {
            List<Chart.Series> series = new ArrayList<>();
            for (Row r : g.rows()) {
                Points.Point p = points.all().stream().filter(x -> x.first().key().equals(r.key())).findFirst().orElseThrow();
                Histogram h = p.pooled();
                double limit = Svg.percentileLimit(h.getTotalCount());
                List<double[]> pts = new ArrayList<>();
                for (double pct : CURVE) {
                    if (pct <= limit) {
                        pts.add(new double[] {pct, h.getValueAtPercentile(pct) / 1000.0});
                    }
                }
                if (limit > 0 && (pts.isEmpty() || pts.getLast()[0] < limit)) {
                    pts.add(new double[] {limit, h.getValueAtPercentile(limit) / 1000.0});
                }
                series.add(new Chart.Series(name(r), pts, style(r), h.getTotalCount()));
            }
            md.append(write("latency", load, g, series, "latency by percentile",
                    "percentile (each curve ends where 10 samples remain beyond it)", "latency (ms)",
                    Chart.Axis.PERCENTILE, List.of()));
        }
        return md.toString();
    }

    /** Throughput and p99 per second of one load (the first repeat), the timeline's events marked. */
    String overTime(String load) throws IOException {
        StringBuilder md = new StringBuilder();
        List<Row> first = rows.stream().filter(r -> r.repeat() == 1 && r.load().label().equals(load)).toList();
        for (Group g : groups(first)) {
            md.append(write("throughput", load, g, seriesOf(g, s -> (double) s.completed()), "throughput over time",
                    "time since the measured window began (s)", "throughput (responses/s)", Chart.Axis.LINEAR, markers()));
            md.append(write("p99", load, g, seriesOf(g, s -> s.completed() == 0 ? Double.NaN : s.p99Micros() / 1000.0),
                    "p99 over time",
                    "time since the measured window began (s)", "p99 of the second's responses (ms)", Chart.Axis.LINEAR,
                    markers()));
        }
        return md.toString();
    }

    /** Each row's share per backend over time (the first repeat), for scenarios with a timeline. */
    String shares() throws IOException {
        if (scenario.timeline().isEmpty() || scenario.backends().size() < 2) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        List<String> names = scenario.backends().stream().map(b -> b.name()).toList();
        for (Row r : rows) {
            if (r.repeat() != 1 || r.target() instanceof Target.Direct) {
                continue;
            }
            List<List<String>> parts = chunks(names);
            for (int part = 0; part < parts.size(); part++) {
                List<Chart.Series> series = new ArrayList<>();
                for (String name : parts.get(part)) {
                    List<double[]> pts = new ArrayList<>();
                    for (Second s : r.result().timeline()) {
                        long total = s.backendCounts().values().stream().mapToLong(Long::longValue).sum();
                        pts.add(new double[] {s.index() + 1, total == 0 ? 0 : 100.0 * s.backendCounts().getOrDefault(name, 0L) / total});
                    }
                    series.add(new Chart.Series(name, pts, names.indexOf(name), 0));
                }
                String suffix = parts.size() > 1 ? " (" + (part + 1) + " of " + parts.size() + ")" : "";
                String file = "share-" + ReportWriter.file(r.label()) + (parts.size() > 1 ? "-" + (part + 1) : "") + ".svg";
                Chart chart = new Chart(scenario.name() + ": share per backend, " + r.label() + suffix,
                        "time since the measured window began (s)", "share of the second's responses (%)",
                        Chart.Axis.LINEAR, series, markers());
                Files.writeString(dir.resolve(file), Svg.render(chart));
                md.append("![share per backend, ").append(r.label()).append(suffix).append("](charts/").append(file)
                        .append(")\n\n");
            }
        }
        return md.toString();
    }

    /** The rows of one chart: one variant and one balancer (or engine). */
    private record Group(String variant, String key, List<Row> rows) {
    }

    /**
     * By variant, then by balancer: each FlowState row in its balancer's group, a peer row in the
     * group of every balancer it stands beside, the direct row in every group. With one engine,
     * by engine instead: one group per variant.
     */
    private List<Group> groups(List<Row> of) {
        List<Group> groups = new ArrayList<>();
        for (Scenario.Variant v : scenario.variants()) {
            List<Row> inVariant = of.stream().filter(r -> r.variant().equals(v.name())).toList();
            if (inVariant.isEmpty()) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (Row r : inVariant) {
                if (r.target() instanceof Target.FlowState f) {
                    String k = byBalancer ? f.balancer() : f.engine();
                    if (!keys.contains(k)) {
                        keys.add(k);
                    }
                }
            }
            if (keys.isEmpty()) {
                keys.add("");
            }
            for (String k : keys) {
                List<Row> members = inVariant.stream().filter(r -> belongs(r, k)).toList();
                List<List<Row>> parts = chunks(members);
                for (int i = 0; i < parts.size(); i++) {
                    groups.add(new Group(v.name(), k + (parts.size() > 1 ? "-" + (i + 1) : ""), parts.get(i)));
                }
            }
        }
        return groups;
    }

    private boolean belongs(Row r, String key) {
        return switch (r.target()) {
            case Target.Direct d -> true;
            case Target.FlowState f -> key.isEmpty() || (byBalancer ? f.balancer() : f.engine()).equals(key);
            case Target.Peer p -> key.isEmpty() || !byBalancer || standsBeside(p, key);
        };
    }

    /** Whether the peer runs the nearest equivalent of FlowState's {@code balancer}. */
    private static boolean standsBeside(Target.Peer p, String balancer) {
        String algorithm = p.kind().equals("nginx") ? PeerInfo.nginxAlgorithm(balancer) : PeerInfo.haproxyAlgorithm(balancer);
        return p.algorithm().equals(algorithm);
    }

    private List<Chart.Series> seriesOf(Group g, Function<Second, Double> value) {
        List<Chart.Series> series = new ArrayList<>();
        for (Row r : g.rows()) {
            List<double[]> pts = new ArrayList<>();
            r.result().timeline().forEach(s -> pts.add(new double[] {s.index() + 1, value.apply(s)}));
            series.add(new Chart.Series(name(r), pts, style(r), 0));
        }
        return series;
    }

    private List<Chart.Marker> markers() {
        List<Chart.Marker> markers = new ArrayList<>();
        scenario.timeline().forEach(e -> markers.add(new Chart.Marker(e.at().toMillis() / 1000.0,
                e.backend() + " " + change(e.change()))));
        return markers;
    }

    /** {@code refuse} from {@code {"mode":"refuse"}}, {@code errorRate 0.5} from {@code {"errorRate":0.5}}. */
    private static String change(io.flowstate.core.json.JsonValue value) {
        if (!(value instanceof io.flowstate.core.json.JsonObject change)) {
            return Json.write(value);
        }
        StringBuilder sb = new StringBuilder();
        change.members().forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ")
                .append(k.equals("mode") ? "" : k + " ").append(Json.write(v).replace("\"", "")));
        return sb.toString();
    }

    private String write(String kind, String load, Group g, List<Chart.Series> series, String what, String xLabel,
                         String yLabel, Chart.Axis axis, List<Chart.Marker> markers) throws IOException {
        String variant = "default".equals(g.variant()) ? "" : g.variant();
        String groupName = g.key().isEmpty() ? "" : (byBalancer ? "balancer " : "engine ") + g.key();
        String context = String.join(", ", java.util.stream.Stream.of(load, variant, groupName)
                .filter(s -> !s.isEmpty()).toList());
        String file = kind + "-" + ReportWriter.file(String.join("-", java.util.stream.Stream.of(load, variant, g.key())
                .filter(s -> !s.isEmpty()).toList())) + ".svg";
        Chart chart = new Chart(scenario.name() + ": " + what + ", " + context, xLabel, yLabel, axis, series, markers);
        Files.writeString(dir.resolve(file), Svg.render(chart));
        return "![" + what + ", " + context + "](charts/" + file + ")\n\n";
    }

    /** A row's name in a chart of its variant and load: its target. */
    private static String name(Row r) {
        return r.target().label();
    }

    /** The same colour and dash for a target in every chart: direct black, then engines, then peers. */
    private int style(Row r) {
        String role = switch (r.target()) {
            case Target.Direct d -> "direct";
            case Target.FlowState f -> byBalancer ? "engine " + f.engine() : "balancer " + f.balancer();
            case Target.Peer p -> byBalancer ? "peer " + p.kind() : "peer " + p.label();
        };
        if (role.equals("direct")) {
            return 6;                                       // black
        }
        return styles.computeIfAbsent(role, k -> {
            int next = styles.size();
            return next >= 6 ? next + 1 : next;             // skip black
        });
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> parts = new ArrayList<>();
        for (int i = 0; i < all.size(); i += Chart.MAX_SERIES) {
            parts.add(all.subList(i, Math.min(all.size(), i + Chart.MAX_SERIES)));
        }
        if (parts.isEmpty()) {
            parts.add(List.of());
        }
        return parts;
    }
}
