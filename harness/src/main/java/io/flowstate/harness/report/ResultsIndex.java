package io.flowstate.harness.report;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code results/README.md}: one line per published report (date, commit, profile, repeats,
 * CPU mode, rows), rebuilt from the {@code summary.json} files after every published run, so
 * the index never lists a report that is not there. Reads schema 2 and the older schema 1.
 */
public final class ResultsIndex {
    private ResultsIndex() {
    }

    public static Path write(Path results) throws IOException {
        StringBuilder md = new StringBuilder("""
                # Results

                Reports written by `make bench` (see [docs/harness.md](../docs/harness.md)); each
                directory has `report.md`, `summary.json` (its schema is in docs/harness.md), SVG
                charts, the HdrHistogram logs (`hlog/`) and percentile distributions (`hgrm/`).
                Only runs from a clean, committed tree are published here (`make bench` writes
                other runs to `results/_scratch/`, unless `PUBLISH=1`); this index is rebuilt after
                every published run. `make compare A=results/x/summary.json B=...` compares two
                runs; `make notebooks` rebuilds the figures from these files. Microbenchmarks are in
                [jmh/](jmh/).

                | scenario | date (UTC) | commit | profile | repeats | CPUs | rows | report |
                |---|---|---|---|---:|---|---:|---|
                """);
        int older = 0;
        List<Path> dirs;
        try (Stream<Path> list = Files.list(results)) {
            dirs = list.filter(d -> Files.exists(d.resolve("summary.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            JsonObject s;
            try {
                s = (JsonObject) Json.parse(Files.readString(dir.resolve("summary.json")));
            } catch (io.flowstate.core.json.JsonSyntaxException | ClassCastException e) {
                md.append("| ").append(dir.getFileName()).append(" | | | | | | | unreadable summary.json: ")
                        .append(e.getMessage()).append(" |\n");
                continue;
            }
            boolean v2 = s.get("schema") instanceof JsonNumber;
            older += v2 ? 0 : 1;
            Line line = v2 ? v2(s) : v1(s);
            md.append("| ").append(text(s.get("scenario")))
                    .append(" | ").append(line.date)
                    .append(" | ").append(line.commit)
                    .append(" | ").append(text(s.get("profile")))
                    .append(" | ").append(line.repeats)
                    .append(" | ").append(line.cpus)
                    .append(" | ").append(((JsonArray) s.get("rows")).size())
                    .append(" | [").append(dir.getFileName()).append("/report.md](").append(dir.getFileName())
                    .append("/report.md) |\n");
        }
        if (older > 0) {
            md.append("\n").append(older).append(" of these reports predate summary schema 2 (no steady-state warm-up, "
                    + "repeats, pinning by default or bucket check): they are listed as they are until the `full` profile "
                    + "is published again; `make compare` and the notebooks read schema 2 only.\n");
        }
        Path index = results.resolve("README.md");
        Files.writeString(index, md.toString());
        return index;
    }

    private record Line(String date, String commit, String repeats, String cpus) {
    }

    private static Line v2(JsonObject s) {
        JsonObject env = (JsonObject) s.get("environment");
        boolean dirty = env.get("dirty") instanceof JsonBoolean b && b.value();
        JsonObject pinning = (JsonObject) env.get("pinning");
        String cpus = "pinned".equals(text(pinning.get("mode")))
                ? "pinned: proxy on " + text(pinning.get("proxy_cpus")) : "unpinned";
        return new Line(text(env.get("date_utc")), text(env.get("commit_short")) + (dirty ? " (uncommitted changes)" : ""),
                text(s.get("repeats")), cpus);
    }

    /** Schema 1: human keys, one repeat, the pinning in prose. */
    private static Line v1(JsonObject s) {
        JsonObject env = (JsonObject) s.get("environment");
        String proxy = text(env.get("proxy process"));
        return new Line(text(env.get("date (UTC)")), text(env.get("FlowState")).replace("commit ", ""), "1",
                proxy.contains("pinned with") ? "pinned" : "unpinned");
    }

    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.value() : v == null ? "" : String.valueOf(v);
    }
}
