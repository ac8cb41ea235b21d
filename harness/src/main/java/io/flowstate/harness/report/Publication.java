package io.flowstate.harness.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's report goes, and what it says about it: only a run from a clean, committed
 * tree (nothing uncommitted outside {@code results/}) is published to {@code results/NAME/},
 * with the commit recorded, and the results index rebuilt. A run from a dirty tree goes to
 * {@code results/_scratch/NAME/} (ignored by git) and is labelled unpublished, unless
 * publishing was asked for ({@code PUBLISH=1}): then it goes to {@code results/NAME/} labelled
 * as published from uncommitted changes. {@code --out DIR} writes anywhere, unpublished.
 *
 * @param dir       the report's directory
 * @param published whether it is one of the published reports (and the index is rebuilt)
 * @param dirty     whether the tree had uncommitted changes outside {@code results/}
 */
public record Publication(Path dir, boolean published, boolean dirty) {
    /** The directory under {@code results/} that unpublished runs go to. */
    public static final String SCRATCH = "_scratch";

    /**
     * @param results      the published results directory ({@code results/})
     * @param scenario     the scenario's name
     * @param dirty        see {@link Environment#dirty(Path)}
     * @param publishAsked {@code --publish} ({@code PUBLISH=1})
     * @param out          {@code --out DIR}, or null
     */
    public static Publication decide(Path results, String scenario, boolean dirty, boolean publishAsked, Path out) {
        if (out != null) {
            return new Publication(out, false, dirty);
        }
        if (!dirty || publishAsked) {
            return new Publication(results.resolve(scenario), true, dirty);
        }
        return new Publication(results.resolve(SCRATCH).resolve(scenario), false, true);
    }

    /** Creates the directory; for a scratch run, a {@code .gitignore} that keeps {@code _scratch/} out of git. */
    public void prepare() throws IOException {
        Files.createDirectories(dir);
        Path scratch = dir.getParent();
        if (scratch != null && scratch.getFileName() != null && scratch.getFileName().toString().equals(SCRATCH)) {
            Path ignore = scratch.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                Files.writeString(ignore, "# unpublished runs of make bench (docs/harness.md)\n*\n");
            }
        }
    }

    /** The report's first words about where it stands; names the commit. */
    public String label(String commitShort) {
        if (published && !dirty) {
            return "Published: from commit `" + commitShort + "`, a clean tree; `git checkout " + commitShort
                    + "` and the command below reproduce it.";
        }
        if (published) {
            return "**Published from a tree with uncommitted changes** (asked for with `PUBLISH=1`): commit `"
                    + commitShort + "` alone may not reproduce it.";
        }
        return "**Unpublished**: " + (dirty ? "the tree had uncommitted changes (commit `" + commitShort + "` plus "
                + "them), so this run went to " : "written to ") + "`" + shortDir() + "`, outside the published "
                + "results. Commit, then run again to publish, or `PUBLISH=1`.";
    }

    /** {@code _scratch/NAME}, or the directory's own name. */
    private String shortDir() {
        Path parent = dir.getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(SCRATCH)
                ? SCRATCH + "/" + dir.getFileName() : String.valueOf(dir.getFileName());
    }
}
