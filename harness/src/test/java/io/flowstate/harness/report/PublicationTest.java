package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a clean tree's run is published; a dirty one goes to _scratch unless asked; results/ does not count as dirty. */
class PublicationTest {
    private static final Path RESULTS = Path.of("results");

    @Test
    void aCleanTreePublishesADirtyOneWritesScratchUnlessAsked() {
        assertEquals(new Publication(RESULTS.resolve("baseline"), true, false),
                Publication.decide(RESULTS, "baseline", false, false, null));
        assertEquals(new Publication(RESULTS.resolve("_scratch/baseline"), false, true),
                Publication.decide(RESULTS, "baseline", true, false, null));
        assertEquals(new Publication(RESULTS.resolve("baseline"), true, true),
                Publication.decide(RESULTS, "baseline", true, true, null));
        assertEquals(new Publication(Path.of("/tmp/x"), false, false),
                Publication.decide(RESULTS, "baseline", false, true, Path.of("/tmp/x")), "--out is never published");
    }

    @Test
    void theLabelSaysWhereTheRunStandsAndNamesTheCommit() {
        assertTrue(Publication.decide(RESULTS, "b", false, false, null).label("abc1234")
                .startsWith("Published: from commit `abc1234`, a clean tree"));
        assertTrue(Publication.decide(RESULTS, "b", true, true, null).label("abc1234")
                .startsWith("**Published from a tree with uncommitted changes**"));
        String unpublished = Publication.decide(RESULTS, "b", true, false, null).label("abc1234");
        assertTrue(unpublished.startsWith("**Unpublished**") && unpublished.contains("`_scratch/b`"), unpublished);
    }

    @Test
    void aScratchDirectoryKeepsItselfOutOfGit(@TempDir Path dir) throws IOException {
        Publication p = Publication.decide(dir, "baseline", true, false, null);
        p.prepare();
        assertTrue(Files.isDirectory(dir.resolve("_scratch/baseline")));
        assertTrue(Files.readString(dir.resolve("_scratch/.gitignore")).contains("\n*\n"));
        Publication.decide(dir, "baseline", false, false, null).prepare();
        assertFalse(Files.exists(dir.resolve(".gitignore")), "a published run writes no .gitignore");
    }

    @Test
    void changesOutsideResultsMakeATreeDirtyAndChangesInsideDoNot(@TempDir Path repo) throws Exception {
        assertTrue(Environment.dirty(repo), "not a repository: cannot be shown clean");
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("code.txt"), "1");
        Files.createDirectories(repo.resolve("results/x"));
        Files.writeString(repo.resolve("results/x/summary.json"), "{}");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        assertFalse(Environment.dirty(repo), "just committed");

        Files.writeString(repo.resolve("results/x/summary.json"), "{\"changed\":1}");
        Files.createDirectories(repo.resolve("results/_scratch/y"));
        Files.writeString(repo.resolve("results/_scratch/y/report.md"), "new");
        assertFalse(Environment.dirty(repo), "runs write results/: that is not a change to the code");

        Files.writeString(repo.resolve("untracked.java"), "class X {}");
        assertTrue(Environment.dirty(repo), "an untracked file may change the build");
        Files.delete(repo.resolve("untracked.java"));
        Files.writeString(repo.resolve("code.txt"), "2");
        assertTrue(Environment.dirty(repo), "a modified file");
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + String.join(" ", args) + ": " + out);
    }
}
