package io.flowstate.harness.report;

import io.flowstate.core.json.Json;
import io.flowstate.harness.load.LoadResult;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.RunOptions;
import io.flowstate.harness.scenario.Runner;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Writes a run's report: {@code report.md} for people, {@code summary.json} for scripts
 * and notebooks, and SVG charts under {@code charts/}, all beside the .hlog files.
 */
public final class ReportWriter {
    /** Points drawn on the percentile charts. */

    private final Scenario scenario;
    private final String profile;
    private final Scenario.Profile settings;
    private final Environment environment;
    private final List<Row> rows;
    private final List<String> notes;
    private final List<io.flowstate.harness.scenario.CrossCheck> crossChecks;
    private final Runner.Outcome outcome;
    private final Publication publication;
    private final Charts charts;
    private final Path out;

    /**
     * @param options     how the run ran: its profile (with any repeats override) and where the report goes
     * @param environment the facts {@link Environment#describe} gathered
     */
    public ReportWriter(Scenario scenario, RunOptions options, Environment environment, Runner.Outcome outcome,
                        Publication publication) {
        this.outcome = outcome;
        this.publication = publication;
        this.crossChecks = outcome.crossChecks();
        this.scenario = scenario;
        this.profile = options.profile();
        this.settings = options.profileOf(scenario);
        this.environment = environment;
        this.rows = outcome.rows();
        this.notes = outcome.notes();
        this.out = options.out();
        this.charts = new Charts(scenario, rows, out.resolve("charts"));
    }

    /** Writes everything; returns the path of report.md. */
    public Path write() throws IOException {
        Files.createDirectories(out.resolve("charts"));
        HgrmFiles.write(out, rows);
        Files.writeString(out.resolve("summary.json"), Json.write(Summary.of(scenario, profile, settings, environment,
                outcome, publication, out)));
        StringBuilder md = new StringBuilder(16_384);
        header(md);
        results(md);
        SteadyStateSection.write(md, settings, rows);
        LoadGeneratorSection.write(md, new Points(rows), crossChecks);
        BucketsSection.write(md, new Points(rows));
        shares(md);
        timeline(md);
        ConfigsSection.write(md, scenario, outcome);
        method(md);
        Path report = out.resolve("report.md");
        Files.writeString(report, md.toString());
        return report;
    }

    private void header(StringBuilder md) {
        Scenario.Profile p = settings;
        md.append("# ").append(scenario.name()).append("\n\n");
        if (!scenario.description().isBlank()) {
            md.append(scenario.description()).append("\n\n");
        }
        md.append("Profile `").append(profile).append("`: a warm-up until steady (").append(p.warmup().toSeconds())
                .append(" to ").append(p.warmupMax().toSeconds()).append(" s, see [Steady state](#steady-state)), then ")
                .append(p.duration().toSeconds()).append(" s measured per point, ")
                .append(p.repeats() == 1 ? "once" : p.repeats() + " times, interleaved")
                .append(". Reproduce with `make bench SCENARIO=")
                .append(scenario.name()).append(" PROFILE=").append(profile)
                .append(environment.pinning().pinned() ? "" : " PIN=off").append("`.\n\n");
        md.append(publication.label(environment.commitShort())).append("\n\n");
        md.append("CPU mode: ").append(environment.pinning().describe()).append(".\n\n");
        md.append("## Environment\n\n| | |\n|---|---|\n");
        environment.forReport().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (!notes.isEmpty()) {
            md.append("\n**Notes**\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append('\n');
    }

    private void results(StringBuilder md) throws IOException {
        Points points = new Points(rows);
        md.append("## Results\n\n");
        md.append("Latency is measured from each request's intended send time (coordinated omission "
                + "corrected), in milliseconds; `p99 raw` is the same p99 measured from the actual send time. "
                + "`vs direct` is throughput relative to the direct-to-backend row of the same load; `p99 vs "
                + "nginx` is this row's p99 over nginx's (same balancer family) where nginx ran. ");
        if (repeats() > 1) {
            md.append("Each point was measured ").append(repeats()).append(" times, the repeats interleaved (every "
                    + "target once, then every target again); each cell gives the median and, in parentheses, the "
                    + "range (min–max) over the repeats. Ratios are taken pair by pair within a repeat, then "
                    + "summarised the same way.");
        } else {
            md.append("Each point was measured once (profile `").append(profile).append("`): no spread is known; "
                    + "the `full` profile measures every point several times.");
        }
        md.append("\n\n");
        for (String load : points.loads()) {
            List<Points.Point> group = points.ofLoad(load);
            md.append("### ").append(load).append("\n\n");
            md.append("| row | req/s |");
            for (double pct : Points.PERCENTILES) {
                md.append(' ').append(io.flowstate.harness.load.Percentiles.label(pct)).append(" |");
            }
            md.append(" max | p99 raw | errors | vs direct | p99 vs nginx |\n|---|---:|");
            md.append("---:|".repeat(Points.PERCENTILES.length)).append("---:|---:|---:|---:|---:|\n");
            for (Points.Point pt : group) {
                md.append("| ").append(rowName(pt)).append(" | ").append(pt.of(r -> r.result().rps()).format(Spread::number));
                for (double pct : Points.PERCENTILES) {
                    md.append(" | ").append(pt.of(r -> r.result().corrected().getValueAtPercentile(pct))
                            .format(Spread::millis));
                }
                md.append(" | ").append(pt.of(r -> r.result().corrected().getMaxValue()).format(Spread::millis))
                        .append(" | ").append(pt.of(r -> r.result().uncorrected().getValueAtPercentile(99))
                                .format(Spread::millis))
                        .append(" | ").append(errors(pt))
                        .append(" | ").append(points.vsDirect(pt).format(Spread::ratio))
                        .append(" | ").append(points.p99VsNginx(pt).format(Spread::ratio))
                        .append(" |\n");
            }
            boolean saturated = group.stream().anyMatch(pt -> saturated(pt));
            if (saturated) {
                md.append("\n**The load generator, or the harness JVM it shares with the backends, was short of CPU "
                        + "in at least one row of this load** (marked `*`, see [Load generator](#load-generator)): "
                        + "those rows measure the generator as much as the proxy.\n");
            }
            md.append('\n').append(charts.latency(load));
        }
    }

    private void shares(StringBuilder md) {
        if (scenario.backends().size() < 2) {
            return;
        }
        List<String> names = scenario.backends().stream().map(b -> b.name()).toList();
        int totalWeight = names.stream().mapToInt(n -> scenario.weights().getOrDefault(n, 1)).sum();
        md.append("## Shares per backend\n\nResponses each backend served, as a share of the row's responses "
                + "(median and range over the repeats); `expected` is its weight share.\n\n| row |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append("\n|---|");
        names.forEach(n -> md.append("---:|"));
        md.append("\n| expected |");
        names.forEach(n -> md.append(' ').append(pct(scenario.weights().getOrDefault(n, 1), totalWeight)).append(" |"));
        md.append('\n');
        for (Points.Point pt : new Points(rows).all()) {
            if (pt.first().target() instanceof Target.Direct) {
                continue;
            }
            md.append("| ").append(pt.first().label()).append(" |");
            for (String n : names) {
                Spread share = pt.of(r -> {
                    long total = r.result().backendCounts().values().stream().mapToLong(Long::longValue).sum();
                    return total == 0 ? Double.NaN : 100.0 * r.result().backendCounts().getOrDefault(n, 0L) / total;
                });
                md.append(' ').append(share.n() == 0 ? "-"
                        : share.format(v -> String.format(Locale.ROOT, "%.1f%%", v))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private void timeline(StringBuilder md) throws IOException {
        md.append("## Over time\n\n");
        md.append("Throughput and p99 second by second").append(repeats() > 1 ? ", the first repeat of each point" : "");
        if (!scenario.timeline().isEmpty()) {
            md.append("; dashed vertical lines mark the timeline's events (measured time: ");
            List<String> events = new ArrayList<>();
            scenario.timeline().forEach(e -> events.add("at " + e.at().toSeconds() + " s " + e.backend() + " → `"
                    + Json.write(e.change()) + "`"));
            md.append(String.join("; ", events)).append(')');
        }
        md.append(". A legend entry `(same as X)` marks a line drawn exactly over X's.\n\n");
        for (String load : new Points(rows).loads()) {
            md.append("### ").append(load).append("\n\n").append(charts.overTime(load));
        }
        String shares = charts.shares();
        if (!shares.isEmpty()) {
            md.append("### Share per backend\n\n").append(shares);
        }
    }

    private void method(StringBuilder md) {
        md.append("## Method\n\n"
                + "- Backends (`X-Backend` names each response) and the load generator run in the harness JVM; "
                + "the proxy under test runs in its own process. Loopback only.\n"
                + "- Closed loop `closed xN`: N connections, each sends its next request when the previous "
                + "response has ended. Open loop `open R/s xN`: requests are due at a constant total rate R over "
                + "N connections, whether or not earlier ones have been answered (wrk2's model); a request's "
                + "latency counts from when it was due, so a stall is charged to every request it delayed "
                + "(coordinated omission corrected). In a closed loop the two figures coincide.\n"
                + "- Warm-up lasts until the row is steady (see above) and is excluded from every number. Errors are counted by kind: `connect`, `timeout` "
                + "(no response within 5 s), `reset`, `status` (5xx answers).\n"
                + "- Each row's interval histograms (one per second) are in `hlog/`, readable by HdrHistogram's "
                + "`HistogramLogProcessor`; its whole corrected and raw histograms are in `hgrm/` as percentile "
                + "distributions (milliseconds, HdrHistogram's `outputPercentileDistribution` format, which wrk2 "
                + "prints and HdrHistogram's plotter reads); `summary.json` has every number in this report "
                + "(schema " + Summary.SCHEMA + ", docs/harness.md).\n");
    }

    private int repeats() {
        return rows.stream().mapToInt(Row::repeat).max().orElse(1);
    }

    private static boolean saturated(Points.Point pt) {
        return pt.rows().stream().anyMatch(r -> r.result().saturated());
    }

    private String rowName(Points.Point pt) {
        Row r = pt.first();
        String name = ("default".equals(r.variant()) ? "" : r.variant() + " / ") + r.target().label();
        return saturated(pt) ? name + "*" : name;
    }

    /** Transport errors and 5xx answers over every repeat of the point, by kind. */
    private static String errors(Points.Point pt) {
        Map<String, Long> sum = new LinkedHashMap<>();
        pt.rows().forEach(r -> r.result().errorsByKind().forEach((k, v) -> sum.merge(k, v, Long::sum)));
        if (sum.values().stream().allMatch(v -> v == 0)) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        sum.forEach((k, v) -> {
            if (v > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v);
            }
        });
        return pt.rows().size() > 1 ? sb + " (all repeats)" : sb.toString();
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    static String file(String label) {
        return label.replaceAll("[^A-Za-z0-9_.-]+", "_");
    }
}
