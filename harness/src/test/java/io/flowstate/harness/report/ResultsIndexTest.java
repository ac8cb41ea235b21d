package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.harness.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index lists date, commit, profile, repeats and CPU mode for schema 2 and the older schema 1. */
class ResultsIndexTest {

    @Test
    void listsEveryReportWithDateCommitProfileRepeatsAndPinning(@TempDir Path results) throws Exception {
        Path v2 = Files.createDirectories(results.resolve("synthetic"));
        Scenario s = SummarySchemaTest.scenario();
        Files.writeString(v2.resolve("summary.json"), Json.write(Summary.of(s, "full", s.profile("full"),
                SummarySchemaTest.environment(), SyntheticRows.outcome(SummarySchemaTest.rows()), SummarySchemaTest.PUBLISHED, v2)));
        Path v1 = Files.createDirectories(results.resolve("baseline"));
        Files.copy(Path.of("..", "results", "baseline", "summary.json"), v1.resolve("summary.json"));
        Files.createDirectories(results.resolve("_scratch").resolve("x"));

        String md = Files.readString(ResultsIndex.write(results));

        assertTrue(md.contains("| synthetic | 2026-12-01T00:00:00Z | 0123456 | full | 3 | pinned: proxy on 1 | 3 |"
                + " [synthetic/report.md](synthetic/report.md) |"), md);
        assertTrue(md.contains("| baseline | 2026-11-25T18:34:41Z | 7e642a6 (with uncommitted changes) | quick | 1 |"
                + " unpinned |"), "a schema-1 summary: " + md);
        assertTrue(md.contains("1 of these reports predate summary schema 2"), md);
        assertTrue(!md.contains("| _scratch") && !md.contains("| x |"), "scratch runs are not listed: " + md);
    }
}
