package io.flowstate.harness.report;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code results/README.md}: one line per published report, rebuilt from the
 * {@code summary.json} files after every run, so the index never lists a report that is
 * not there.
 */
public final class ResultsIndex {
    private ResultsIndex() {
    }

    public static Path write(Path results) throws IOException {
        StringBuilder md = new StringBuilder("""
                # Results

                Reports written by `make bench` (see [docs/harness.md](../docs/harness.md)); each
                directory has `report.md`, `summary.json`, SVG charts, and the HdrHistogram logs.
                Rebuilt after every run. Microbenchmarks are in [jmh/](jmh/).

                | scenario | profile | date (UTC) | rows | commit | report |
                |---|---|---|---:|---|---|
                """);
        List<Path> dirs;
        try (Stream<Path> list = Files.list(results)) {
            dirs = list.filter(d -> Files.exists(d.resolve("summary.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            JsonObject s;
            try {
                s = (JsonObject) Json.parse(Files.readString(dir.resolve("summary.json")));
            } catch (io.flowstate.core.json.JsonSyntaxException e) {
                md.append("| ").append(dir.getFileName()).append(" | | | | | unreadable summary.json: ")
                        .append(e.getMessage()).append(" |\n");
                continue;
            }
            JsonObject env = (JsonObject) s.get("environment");
            md.append("| ").append(text(s.get("scenario")))
                    .append(" | ").append(text(s.get("profile")))
                    .append(" | ").append(text(env.get("date (UTC)")))
                    .append(" | ").append(((JsonArray) s.get("rows")).size())
                    .append(" | ").append(text(env.get("FlowState")))
                    .append(" | [").append(dir.getFileName()).append("/report.md](").append(dir.getFileName())
                    .append("/report.md) |\n");
        }
        Path index = results.resolve("README.md");
        Files.writeString(index, md.toString());
        return index;
    }

    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.value() : String.valueOf(v);
    }
}
