package io.flowstate.harness.report;

import io.flowstate.harness.load.Second;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.SteadyState;
import java.util.List;
import java.util.Locale;

/**
 * The report's "Steady state" section: each row's warm-up (how long, whether it settled, the
 * throughput spread and JIT compilations of its last window) and how far the measured window's
 * first and last seconds lie apart, with the rows that never settled or drifted flagged.
 */
final class SteadyStateSection {
    private SteadyStateSection() {
    }

    static void write(StringBuilder md, Scenario.Profile profile, List<Row> rows) {
        md.append("## Steady state\n\n");
        md.append(String.format(Locale.ROOT, "Each row warmed up until its throughput had settled (the spread "
                        + "`(max - min) / mean` of its last %d one-second counts at most %.0f%%) and, for FlowState "
                        + "rows, the proxy's JIT had gone quiet (at most %d compilations in those %d s, read from "
                        + "the JVM's `%s` counter), for at least %d s and at most %d s. A row that reached the cap "
                        + "unsettled was measured anyway and is flagged. `apart` compares the measured "
                        + "window's first and last seconds; more than %.0f%% apart is flagged.\n\n",
                SteadyState.WINDOW_SECONDS, 100 * SteadyState.MAX_SPREAD, SteadyState.MAX_JIT_COMPILES,
                SteadyState.WINDOW_SECONDS, io.flowstate.harness.scenario.JitCounter.COUNTER,
                profile.warmup().toSeconds(), profile.warmupMax().toSeconds(), 100 * SteadyState.MAX_DRIFT));
        long unsettled = rows.stream().filter(r -> !r.warmUp().settled()).count();
        long drifted = rows.stream().filter(Row::drifted).count();
        if (unsettled + drifted > 0) {
            md.append(String.format(Locale.ROOT, "**%d row(s) never settled and %d drifted within the measured "
                    + "window**: read their figures as less certain.%n%n", unsettled, drifted));
        }
        md.append("| row | repeat | warm-up | settled | spread, last 5 s | JIT compiles, last 5 s | first s | last s | apart |\n");
        md.append("|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            SteadyState.Verdict v = r.warmUp();
            List<Second> t = r.result().timeline();
            md.append("| ").append(r.label()).append(" | ").append(r.repeat())
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f s", v.length().toMillis() / 1000.0))
                    .append(" | ").append(v.settled() ? "yes" : "**no**")
                    .append(" | ").append(Double.isNaN(v.spread()) ? "-"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * v.spread()))
                    .append(" | ").append(v.jitCompiles() < 0 ? "-" : Long.toString(v.jitCompiles()))
                    .append(" | ").append(t.isEmpty() ? "-" : String.format(Locale.ROOT, "%,d", t.getFirst().completed()))
                    .append(" | ").append(t.isEmpty() ? "-" : String.format(Locale.ROOT, "%,d", t.getLast().completed()))
                    .append(" | ").append(drift(r))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String drift(Row r) {
        double d = SteadyState.drift(r.result().timeline());
        String text = Double.isInfinite(d) ? "from 0" : String.format(Locale.ROOT, "%.0f%%", 100 * d);
        return r.drifted() ? "**" + text + "**" : text;
    }
}
