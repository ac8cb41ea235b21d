package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonObject;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** benchstat's idea on two summaries: ~ within the noise, the ratio beyond it, ? without a noise estimate. */
class ComparisonTest {
    private static final Target DIRECT = new Target.Direct();
    private static final Target NIO = new Target.FlowState("nio", "wrr");

    /** A summary whose direct row ran at {@code direct} and nio at {@code nio} req/s, one repeat per value. */
    private static JsonObject summary(double[] direct, double[] nio) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(direct.length, nio.length); i++) {
            if (i < direct.length) {
                rows.add(SyntheticRows.row(DIRECT, i + 1, direct[i], 100));
            }
            if (i < nio.length) {
                rows.add(SyntheticRows.row(NIO, i + 1, nio[i], 300));
            }
        }
        Scenario s = SummarySchemaTest.scenario();
        return (JsonObject) Json.parse(Json.write(Summary.of(s, "full", s.profile("full"), SummarySchemaTest.environment(),
                SyntheticRows.outcome(rows), SummarySchemaTest.PUBLISHED, Path.of("/tmp/synthetic"))));
    }

    private static List<String> line(String table, String point) {
        return table.lines().filter(l -> l.startsWith(point + " ")).findFirst()
                .map(l -> List.of(l.substring(point.length()).strip().split("\\s{2,}"))).orElseThrow(() ->
                        new AssertionError("no line for " + point + " in\n" + table));
    }

    @Test
    void overlappingRangesAreWithinTheNoiseAndSeparateOnesGiveTheRatio() throws Exception {
        JsonObject a = summary(new double[] {10_000, 11_000, 12_000}, new double[] {1_000, 1_100, 1_050});
        JsonObject b = summary(new double[] {11_500, 10_500, 12_500}, new double[] {1_500, 1_600, 1_550});
        String out = Comparison.compare("a.json", a, "b.json", b, List.of("rps"));

        assertEquals(List.of("11,000 (10,000–12,000)", "11,500 (10,500–12,500)", "~"), line(out, "direct / closed x10"));
        assertEquals(List.of("1,050 (1,000–1,100)", "1,550 (1,500–1,600)", "1.48x"),
                line(out, "flowstate-nio-wrr / closed x10"));
        assertTrue(out.contains("medians within 10%: 1 of 2; the largest difference: +48% (req/s of flowstate-nio-wrr"
                + " / closed x10)"), out);
        assertTrue(out.startsWith("A: a.json (synthetic, profile full, 3 repeat(s), commit 0123456, pinned,"), out);
    }

    @Test
    void aPointMeasuredOnceHasNoNoiseEstimate() throws Exception {
        String out = Comparison.compare("a", summary(new double[] {10_000}, new double[] {1_000}),
                "b", summary(new double[] {10_000}, new double[] {2_000}), List.of("rps"));
        assertEquals("2.00x ?", line(out, "flowstate-nio-wrr / closed x10").get(2));
        assertEquals("~", line(out, "direct / closed x10").get(2), "equal values overlap");
    }

    @Test
    void pointsInOneRunOnlyAreListedAndLatencyIsInMilliseconds() throws Exception {
        String out = Comparison.compare("a", summary(new double[] {10_000}, new double[] {1_000}),
                "b", summary(new double[] {10_000}, new double[0]), List.of("rps", "p99_us"));
        assertTrue(out.contains("only in A: flowstate-nio-wrr / closed x10"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("point") && l.contains("A p99 ms")), out);
    }

    @Test
    void refusesASchemaOneSummary() throws Exception {
        JsonObject old = (JsonObject) Json.parse(Files.readString(Path.of("..", "results", "baseline", "summary.json")));
        JsonObject now = summary(new double[] {1}, new double[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Comparison.compare("old", old, "new", now, Comparison.DEFAULT_FIGURES));
        assertTrue(e.getMessage().contains("old is not a schema 2 summary.json"), e.getMessage());
    }
}
