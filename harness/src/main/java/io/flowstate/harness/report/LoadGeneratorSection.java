package io.flowstate.harness.report;

import io.flowstate.harness.load.LoadResult;
import io.flowstate.harness.scenario.CrossCheck;
import io.flowstate.harness.scenario.Row;
import java.util.List;
import java.util.Locale;

/**
 * The report's "Load generator" section: per point, the CPU the generator's own threads and
 * the whole harness JVM (generator and backends) used over the measured window, the rows where
 * either was short of CPU flagged; then the direct rows checked against wrk (closed loop) and
 * wrk2 (open loop).
 */
final class LoadGeneratorSection {
    private LoadGeneratorSection() {
    }

    static void write(StringBuilder md, Points points, List<CrossCheck> checks) {
        md.append("## Load generator\n\n");
        md.append(String.format(Locale.ROOT, "CPU used over the measured window, in cores (1.00 is one CPU kept "
                + "busy): `generator` is the load generator's own threads (its I/O loop, the pacer, the thread "
                + "writing the log); `harness` is the whole harness JVM, the generator with the test backends, GC "
                + "and JIT, out of the CPUs it could use. A row is flagged (and marked `*` in the tables above) "
                + "when the generator used %.0f%% of a core or more, or the harness %.0f%% of its CPUs or more: "
                + "it then measures the load generator as much as the proxy.%n%n",
                100 * LoadResult.SATURATED_CPU_SHARE, 100 * LoadResult.SATURATED_CPU_SHARE));
        md.append("| row | generator | harness | of CPUs | |\n|---|---:|---:|---:|---|\n");
        for (Points.Point p : points.all()) {
            boolean saturated = p.rows().stream().anyMatch(r -> r.result().saturated());
            md.append("| ").append(p.first().label())
                    .append(" | ").append(p.of(r -> r.result().generatorCpuShare()).format(LoadGeneratorSection::cores))
                    .append(" | ").append(p.of(r -> r.result().harnessCpuShare()).format(LoadGeneratorSection::cores))
                    .append(" | ").append(p.of(r -> r.result().harnessCpus()).format(v -> String.format(Locale.ROOT, "%.0f", v)))
                    .append(" | ").append(saturated ? "**saturated**" : "").append(" |\n");
        }
        md.append('\n');
        if (checks.isEmpty()) {
            return;
        }
        md.append("### Cross-check against wrk and wrk2\n\nThe direct-to-backend rows again, driven by wrk (closed "
                        + "loop) or wrk2 (open loop, the same rate), one thread, the same connections and duration. "
                        + "Throughput should agree within ")
                .append(Math.round(CrossCheck.TOLERANCE * 100)).append("%; the p99s are shown, not judged (the "
                        + "tools spread requests over connections differently).\n\n")
                .append("| tool | load | repeat | harness req/s | tool req/s | gap | harness p99 | tool p99 | |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (CrossCheck c : checks) {
            md.append("| ").append(c.tool()).append(" | ").append(c.load()).append(" | ").append(c.repeat())
                    .append(" | ").append(Spread.number(c.harnessRps()))
                    .append(" | ").append(Spread.number(c.toolRps()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f%%", 100 * c.gap()))
                    .append(" | ").append(Spread.millis(c.harnessP99Micros())).append(" ms")
                    .append(" | ").append(Double.isNaN(c.toolP99Micros()) ? "-" : Spread.millis(c.toolP99Micros()) + " ms")
                    .append(" | ").append(c.agrees() ? "agree" : "**disagree**").append(" |\n");
        }
        md.append('\n');
    }

    private static String cores(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
