package io.flowstate.harness.report;

import io.flowstate.harness.scenario.PeerInfo;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * A run's rows grouped by the point they measure (variant, target, load), each point with its
 * repeats, and the figures the report gives per point: median and range over the repeats.
 * Ratios against a reference row (the direct row, nginx) are taken pair by pair within a
 * repeat, then summarised, so that drift between repeats does not enter them.
 */
final class Points {
    /** Percentiles every latency table gives, besides the maximum. */
    static final double[] PERCENTILES = io.flowstate.harness.load.Percentiles.reported();

    /** One point: its rows, one per repeat, in repeat order. */
    record Point(List<Row> rows) {
        Row first() {
            return rows.getFirst();
        }

        Spread of(ToDoubleFunction<Row> figure) {
            return Spread.of(rows.stream().map(r -> figure.applyAsDouble(r)).toList());
        }

        /** Every repeat's corrected latencies in one histogram. */
        Histogram pooled() {
            Histogram h = new Histogram(3);
            rows.forEach(r -> h.add(r.result().corrected()));
            return h;
        }
    }

    private final List<Row> rows;
    private final Map<String, Point> points = new LinkedHashMap<>();

    Points(List<Row> rows) {
        this.rows = rows;
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        byKey.forEach((k, list) -> points.put(k, new Point(List.copyOf(list))));
    }

    /** Every point, in the order the run first measured them. */
    List<Point> all() {
        return List.copyOf(points.values());
    }

    /** The points of one load, in run order. */
    List<Point> ofLoad(String load) {
        return points.values().stream().filter(p -> p.first().load().label().equals(load)).toList();
    }

    /** The load labels, in run order. */
    List<String> loads() {
        return points.values().stream().map(p -> p.first().load().label()).distinct().toList();
    }

    /** Throughput over the direct row's of the same load, variant and repeat. */
    Spread vsDirect(Point p) {
        return ratios(p, r -> r.result().rps(), this::direct);
    }

    /** p99 over nginx's (the same balancer family) of the same load, variant and repeat: FlowState rows only. */
    Spread p99VsNginx(Point p) {
        return ratios(p, r -> r.result().corrected().getValueAtPercentile(99), this::nginx);
    }

    private Spread ratios(Point p, ToDoubleFunction<Row> figure, java.util.function.Function<Row, Optional<Row>> reference) {
        List<Double> ratios = new ArrayList<>();
        for (Row r : p.rows()) {
            Optional<Row> ref = reference.apply(r);
            double denominator = ref.map(figure::applyAsDouble).orElse(Double.NaN);
            ratios.add(denominator == 0 ? Double.NaN : figure.applyAsDouble(r) / denominator);
        }
        return Spread.of(ratios);
    }

    private Optional<Row> direct(Row r) {
        return rows.stream().filter(o -> o.target() instanceof Target.Direct && same(o, r)).findFirst();
    }

    private Optional<Row> nginx(Row r) {
        if (!(r.target() instanceof Target.FlowState f)) {
            return Optional.empty();
        }
        String algorithm = PeerInfo.nginxAlgorithm(f.balancer());
        return rows.stream().filter(o -> o.target() instanceof Target.Peer peer && peer.kind().equals("nginx")
                && peer.algorithm().equals(algorithm) && same(o, r)).findFirst();
    }

    private static boolean same(Row a, Row b) {
        return a.load().equals(b.load()) && a.variant().equals(b.variant()) && a.repeat() == b.repeat();
    }
}
