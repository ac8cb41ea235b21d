package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row's histograms as HdrHistogram percentile distributions, in milliseconds. */
class HgrmFilesTest {

    @Test
    void writesTheCorrectedAndRawDistributionsInMilliseconds(@TempDir Path out) throws Exception {
        Row r = SyntheticRows.row(new Target.FlowState("nio", "wrr"), 2, 3_000, 400);
        HgrmFiles.write(out, List.of(r));

        Path corrected = out.resolve("hgrm/default-flowstate-nio-wrr-closed_x10-r2.hgrm");
        Path raw = out.resolve("hgrm/default-flowstate-nio-wrr-closed_x10-r2-raw.hgrm");
        assertEquals(corrected, HgrmFiles.corrected(out, r));
        assertTrue(Files.exists(raw));
        List<String> lines = Files.readAllLines(corrected);
        assertTrue(lines.getFirst().strip().startsWith("Value"), "HdrHistogram's header: " + lines.getFirst());
        Histogram h = r.result().corrected();
        String max = lines.stream().filter(l -> l.startsWith("#[Max")).findFirst().orElseThrow();
        double maxMillis = Double.parseDouble(max.replaceAll(".*Max\\s*=\\s*([0-9.]+).*", "$1"));
        assertEquals(h.getMaxValue() / 1000.0, maxMillis, 0.001, "values in milliseconds: " + max);
        // the first line at or past the 99th percentile holds the p99
        for (String l : lines) {
            String[] f = l.strip().split("\\s+");
            if (f.length == 4 && !l.startsWith("#") && f[1].matches("[0-9.]+") && Double.parseDouble(f[1]) >= 0.99) {
                assertEquals(h.getValueAtPercentile(99) / 1000.0, Double.parseDouble(f[0]), 0.01 * h.getMaxValue() / 1000.0, l);
                assertEquals(h.getCountAtValue(0) >= 0, true);
                return;
            }
        }
        throw new AssertionError("no line past the 99th percentile");
    }
}
