package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md lists exactly the metrics of {@link MetricNames}, each with its type
 * and labels. Tests run in core/, so the page is one directory up.
 */
class MetricsDocTest {
    private static final Path DOC = Path.of("..", "docs", "metrics.md");
    /** A table row: | `name` | type | `label`, `label` (or none) | meaning | */
    private static final Pattern ROW =
            Pattern.compile("^\\| `(flowstate_[a-z0-9_]*)` \\| ([a-z]+) \\| ([^|]*) \\|.*");

    @Test
    void theDocListsEveryMetricWithItsTypeAndLabels() throws IOException {
        assertTrue(Files.isRegularFile(DOC), DOC.toAbsolutePath() + " is missing");
        Map<String, String> documented = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                if (documented.put(m.group(1), m.group(2) + " | " + m.group(3).strip()) != null) {
                    twice.add(m.group(1));
                }
            }
        }
        Map<String, String> declared = new TreeMap<>();
        for (MetricSpec s : MetricNames.all()) {
            List<String> quoted = s.labelNames().stream().map(l -> "`" + l + "`").toList();
            declared.put(s.name(), s.type().text() + " | "
                    + (quoted.isEmpty() ? "none" : String.join(", ", quoted)));
        }
        assertEquals(List.of(), twice, "metrics listed twice in " + DOC);
        for (String name : declared.keySet()) {
            assertTrue(documented.containsKey(name), DOC + " misses " + name
                    + "; add a row: | `" + name + "` | " + declared.get(name) + " | meaning |");
        }
        for (String name : documented.keySet()) {
            assertTrue(declared.containsKey(name), DOC + " lists " + name
                    + ", which MetricNames does not have");
        }
        assertEquals(declared, documented, "type or labels differ between MetricNames and " + DOC);
    }
}
