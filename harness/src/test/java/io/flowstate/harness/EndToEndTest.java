package io.flowstate.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.report.Environment;
import io.flowstate.harness.report.Publication;
import io.flowstate.harness.report.ReportWriter;
import io.flowstate.harness.scenario.CpuSet;
import io.flowstate.harness.scenario.Pinning;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.RunOptions;
import io.flowstate.harness.scenario.Runner;
import io.flowstate.harness.scenario.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's honesty check: a tiny scenario run end to end (backends here, the proxy in
 * its own process via bin/flowstate, real load) leaves a report whose structure is whole
 * and whose counts add up.
 */
class EndToEndTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final String TINY = """
            { "name": "tiny", "description": "two rows, one second each, twice", "seed": 7,
              "backends": [ { "name": "b1" }, { "name": "b2", "weight": 3 } ],
              "engines": ["jdk"], "balancers": ["wrr"], "direct": true, "peers": false,
              "loads": [ { "connections": 2 }, { "connections": 2, "rate": 200 } ],
              "profiles": { "quick": { "warmup": "0s", "duration": "1s", "repeats": 2 } } }
            """;

    @Test
    void tinyScenarioWritesAWholeReportWhoseCountsAddUp(@TempDir Path out) throws Exception {
        Scenario scenario = Scenario.parse(Json.parse(TINY));
        RunOptions options = new RunOptions(ROOT, out, "quick", List.of(), List.of(), null, "256m", false, 0);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Runner runner = new Runner(scenario, options, new PrintStream(progress, true, StandardCharsets.UTF_8));
        Runner.Outcome outcome = runner.run();
        List<Row> rows = outcome.rows();
        Path report = new ReportWriter(scenario, options,
                Environment.describe(ROOT, Environment.dirty(ROOT), Pinning.choose(null, false, CpuSet.online()), "256m",
                        "not used", "not used", scenario.seed()),
                outcome, Publication.decide(ROOT.resolve("results"), "tiny", true, false, out)).write();

        assertEquals(List.of("direct/1", "direct/1", "flowstate-jdk-wrr/1", "flowstate-jdk-wrr/1",
                        "direct/2", "direct/2", "flowstate-jdk-wrr/2", "flowstate-jdk-wrr/2"),
                rows.stream().map(r -> r.target().label() + "/" + r.repeat()).toList(),
                "repeats interleaved: every target once, then again; " + progress.toString(StandardCharsets.UTF_8));
        String md = Files.readString(report);
        for (String section : List.of("# tiny", "## Environment", "## Results", "## Steady state",
                "## Shares per backend", "## Configs and equal work", "## Method")) {
            assertTrue(md.contains(section), "report lacks " + section);
        }
        assertTrue(md.contains("| direct |"), md);
        assertTrue(md.contains("| row | req/s | p50 | p95 | p99 | p99.9 | max |"), "every latency table: " + md);
        assertTrue(md.contains("| flowstate-jdk-wrr |"), md);
        assertTrue(md.contains("[logs/default-flowstate-jdk-wrr.json](logs/default-flowstate-jdk-wrr.json)"),
                "the report links the generated config: " + md);
        assertTrue(Files.exists(out.resolve("logs/default-flowstate-jdk-wrr.json")));

        JsonObject summary = (JsonObject) Json.parse(Files.readString(out.resolve("summary.json")));
        JsonArray list = (JsonArray) summary.get("rows");
        assertEquals(8, list.size());
        assertEquals(4, ((JsonArray) summary.get("points")).size(), "four points, each measured twice");
        assertTrue(md.contains("## Load generator"), md);
        assertTrue(md.contains("## Buckets against exact percentiles"), md);
        for (Row r : rows) {
            if (r.target() instanceof io.flowstate.harness.scenario.Target.FlowState) {
                var b = r.buckets();
                assertTrue(b != null, "the FlowState row's metrics were scraped: " + outcome.notes());
                long slack = b.harnessCount() / 10 + r.load().connections() + 5;
                assertTrue(Math.abs(b.proxyCount() - b.harnessCount()) <= slack,
                        "the proxy counted about the requests the harness did: " + b);
                assertEquals(3, b.quantiles().size());
                assertTrue(b.quantiles().stream().allMatch(q -> q.exactMicros() > 0 && q.proxyMicros() > 0), b.toString());
            } else {
                assertEquals(null, r.buckets(), "only FlowState rows have a /metrics to scrape");
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            assertEquals(List.of("wrk", "wrk"), outcome.crossChecks().stream().map(c -> c.tool()).toList(),
                    "wrk checks the closed-loop direct row of each repeat");
            assertTrue(outcome.crossChecks().stream().allMatch(c -> c.toolRps() > 0 && !Double.isNaN(c.toolP99Micros())));
        }
        if (outcome.crossChecks().stream().noneMatch(c -> c.tool().equals("wrk2"))) {
            assertTrue(outcome.notes().stream().anyMatch(n -> n.startsWith("wrk2 cross-check of open-loop points skipped")),
                    "a missing wrk2 is said once: " + outcome.notes());
        }
        for (JsonValue v : list.elements()) {
            JsonObject row = (JsonObject) v;
            long sent = number(row, "sent");
            long completed = number(row, "completed");
            JsonObject kinds = (JsonObject) row.get("errors_by_kind");
            long transportErrors = 0;
            for (String kind : List.of("connect", "timeout", "reset")) {
                transportErrors += kinds.has(kind) ? ((JsonNumber) kinds.get(kind)).longValue() : 0;
            }
            assertTrue(completed > 0, "no response in " + row);
            assertEquals(sent, completed + transportErrors, "sent = received + errors in " + row);
            long byBackend = 0;
            for (JsonValue n : ((JsonObject) row.get("backend_counts")).members().values()) {
                byBackend += ((JsonNumber) n).longValue();
            }
            assertEquals(completed, byBackend, "every response is counted under one backend");
            assertTrue(Files.size(out.resolve(((JsonString) row.get("hlog")).value())) > 0, "empty .hlog");
            for (String hgrm : List.of("hgrm", "hgrm_raw")) {
                assertTrue(Files.readString(out.resolve(((JsonString) row.get(hgrm)).value())).contains("#[Max"),
                        "a percentile distribution: " + hgrm);
            }
        }
        try (var charts = Files.list(out.resolve("charts"))) {
            assertTrue(charts.anyMatch(p -> p.toString().endsWith(".svg")));
        }
    }

    private static long number(JsonObject o, String key) {
        return ((JsonNumber) o.get(key)).longValue();
    }
}
