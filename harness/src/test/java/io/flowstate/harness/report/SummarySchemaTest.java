package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.scenario.CpuSet;
import io.flowstate.harness.scenario.Pinning;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** summary.json's keys and docs/harness.md's schema table name the same things. */
class SummarySchemaTest {
    private static final Path DOC = Path.of("..", "docs", "harness.md");
    /** Objects whose keys are data (backend names, statuses, kinds, a timeline change): documented as a whole. */
    private static final Set<String> MAPS = Set.of("rows[].errors_by_kind", "rows[].status_counts",
            "rows[].backend_counts", "rows[].timeline[].backend_counts", "timeline[].set");

    static final Publication PUBLISHED = new Publication(Path.of("/tmp/synthetic"), true, false);

    static Scenario scenario() throws Exception {
        return Scenario.parse(Json.parse("""
                { "name": "synthetic", "backends": [ { "name": "b1" }, { "name": "b2" } ],
                  "timeline": [ { "at": "1s", "backend": "b2", "set": { "mode": "refuse" } } ],
                  "loads": [ { "connections": 10 } ] }"""));
    }

    static List<Row> rows() {
        Target nio = new Target.FlowState("nio", "wrr");
        return List.of(SyntheticRows.row(new Target.Direct(), 1, 10_000, 100),
                SyntheticRows.withBuckets(SyntheticRows.row(nio, 1, 5_000, 300)),
                SyntheticRows.row(new Target.Peer("nginx", "wrr", "round_robin"), 1, 8_000, 200));
    }

    static Environment environment() {
        return new Environment(Instant.parse("2026-12-01T00:00:00Z"), "cpu", 2, 1L << 34, "Linux 6", "JDK 25",
                "0123456789abcdef0123456789abcdef01234567", false, Pinning.choose(null, true, CpuSet.parse("0-1")),
                "512m", 1L << 30, "nginx 1.22", "HAProxy 2.6", 1);
    }

    @Test
    void everyKeyWrittenIsDocumentedAndEveryDocumentedKeyIsWritten() throws Exception {
        Scenario s = scenario();
        JsonObject summary = Summary.of(s, "quick", s.profile("quick"), environment(),
                SyntheticRows.outcome(rows()), PUBLISHED, Path.of("/tmp/synthetic"));
        Set<String> written = new TreeSet<>();
        walk(summary, "", written);
        Set<String> documented = documented();

        Set<String> undocumented = new TreeSet<>(written);
        undocumented.removeIf(k -> covered(k, documented));
        assertEquals(Set.of(), undocumented, "summary.json keys missing from docs/harness.md's schema table");
        Set<String> unwritten = new TreeSet<>(documented);
        unwritten.removeIf(d -> written.stream().anyMatch(w -> covered(w, Set.of(d)) || w.startsWith(d + ".")
                || w.startsWith(d + "[]")));
        assertEquals(Set.of(), unwritten, "docs/harness.md documents keys summary.json does not have");
        assertEquals(2, ((io.flowstate.core.json.JsonNumber) summary.get("schema")).intValue());
    }

    @Test
    void valuesCarryTheirUnits() throws Exception {
        Scenario s = scenario();
        JsonObject summary = Summary.of(s, "quick", s.profile("quick"), environment(),
                SyntheticRows.outcome(rows()), PUBLISHED, Path.of("/tmp/synthetic"));
        JsonObject row = (JsonObject) ((JsonArray) summary.get("rows")).get(1);
        JsonObject latency = (JsonObject) row.get("latency");
        long p99 = ((io.flowstate.core.json.JsonNumber) latency.get("p99_us")).longValue();
        Row r = rows().get(1);
        assertEquals(r.result().corrected().getValueAtPercentile(99), p99, "microseconds, as recorded");
        assertEquals("hgrm/default-flowstate-nio-wrr-closed_x10-r1.hgrm",
                ((io.flowstate.core.json.JsonString) row.get("hgrm")).value());
    }

    /** Adds every key path under {@code v}: {@code rows[].latency.p99_us}. */
    private static void walk(JsonValue v, String path, Set<String> out) {
        if (v instanceof JsonObject o) {
            if (isSpread(o) || MAPS.contains(path)) {
                out.add(path);
                return;
            }
            if (path.equals("equal_work")) {
                o.members().values().forEach(w -> walk(w, "equal_work.VARIANT", out));
                return;
            }
            o.members().forEach((k, child) -> walk(child, path.isEmpty() ? k : path + "." + k, out));
        } else if (v instanceof JsonArray a) {
            if (a.elements().stream().noneMatch(e -> e instanceof JsonObject)) {
                out.add(path + "[]");                       // an array of values is a key of its own
            }
            a.elements().forEach(e -> walk(e, path + "[]", out));
        } else {
            out.add(path);
        }
    }

    private static boolean isSpread(JsonObject o) {
        return o.members().keySet().equals(Set.of("median", "min", "max", "n"));
    }

    /** {@code rows[].latency_raw.*} covers every key under it; a path is covered by itself. */
    private static boolean covered(String key, Set<String> documented) {
        for (String d : documented) {
            if (d.equals(key) || (d.endsWith(".*") && key.startsWith(d.substring(0, d.length() - 1)))) {
                return true;
            }
            if (key.endsWith("[]") && d.equals(key.substring(0, key.length() - 2))) {
                return true;
            }
        }
        return false;
    }

    /** The backticked keys of the schema table's first column, {@code .x} relative to the item before. */
    static Set<String> documented() throws Exception {
        String doc = Files.readString(DOC);
        int from = doc.indexOf("## summary.json (schema 2)");
        int to = doc.indexOf("\n## ", from + 1);
        assertTrue(from >= 0, "docs/harness.md has the schema section");
        Set<String> keys = new TreeSet<>();
        Pattern cell = Pattern.compile("^\\| ([^|]+) \\|", Pattern.MULTILINE);
        Pattern code = Pattern.compile("`([^`]+)`");
        Matcher rows = cell.matcher(doc.substring(from, to));
        while (rows.find()) {
            String base = null;
            Matcher c = code.matcher(rows.group(1));
            List<String> items = new ArrayList<>();
            while (c.find()) {
                items.add(c.group(1));
            }
            for (String item : items) {
                String key;
                if (item.startsWith(".") && base != null) {
                    key = base.substring(0, base.lastIndexOf('.')) + item;
                } else {
                    key = item;
                }
                base = key;
                keys.add(key);
            }
        }
        keys.remove("key");
        return keys;
    }
}
