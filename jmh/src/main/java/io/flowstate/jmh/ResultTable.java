package io.flowstate.jmh;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonSyntaxException;
import io.flowstate.core.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns JMH's JSON result ({@code -rf json}) into a Markdown table with one row per
 * benchmark and parameter set: time per operation with JMH's 99.9% error, and bytes
 * allocated per operation ({@code gc.alloc.rate.norm} from {@code -prof gc}). Not a
 * benchmark; {@code make jmh} runs it after JMH.
 *
 * <p>Usage: {@code ResultTable <jmh-result.json> <table.md>}; also prints the table.
 */
public final class ResultTable {
    private ResultTable() {
    }

    public static void main(String[] args) throws IOException, JsonSyntaxException {
        if (args.length != 2) {
            System.err.println("usage: ResultTable <jmh-result.json> <table.md>");
            System.exit(2);
        }
        JsonValue root = Json.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        if (!(root instanceof JsonArray runs) || runs.size() == 0) {
            throw new IllegalArgumentException(args[0] + " holds no JMH results");
        }
        StringBuilder out = new StringBuilder();
        JsonObject first = (JsonObject) runs.get(0);
        out.append("JMH ").append(text(first.get("jmhVersion"))).append(", JDK ")
                .append(text(first.get("jdkVersion"))).append(" (").append(text(first.get("vmName")))
                .append(' ').append(text(first.get("vmVersion"))).append("), mode ")
                .append(text(first.get("mode"))).append(", forks ").append(text(first.get("forks")))
                .append(", warmup ").append(text(first.get("warmupIterations"))).append(" x ")
                .append(text(first.get("warmupTime"))).append(", measurement ")
                .append(text(first.get("measurementIterations"))).append(" x ")
                .append(text(first.get("measurementTime"))).append("\n\n");
        out.append("| benchmark | params | threads | ns/op | ± (99.9%) | B/op |\n");
        out.append("|---|---|---:|---:|---:|---:|\n");
        for (JsonValue v : runs.elements()) {
            JsonObject run = (JsonObject) v;
            String name = text(run.get("benchmark"));
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            if (run.get("params") instanceof JsonObject p) {
                for (var e : p.members().entrySet()) {
                    params.append(params.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(text(e.getValue()));
                }
            }
            JsonObject primary = (JsonObject) run.get("primaryMetric");
            String unit = text(primary.get("scoreUnit"));
            JsonValue alloc = run.get("secondaryMetrics") instanceof JsonObject s && s.get("gc.alloc.rate.norm") instanceof JsonObject a
                    ? a.get("score") : null;
            out.append("| ").append(name).append(" | ").append(params.isEmpty() ? "-" : params)
                    .append(" | ").append(text(run.get("threads")))
                    .append(" | ").append(number(primary.get("score"))).append(unit.equals("ns/op") ? "" : " " + unit)
                    .append(" | ").append(number(primary.get("scoreError")))
                    .append(" | ").append(alloc == null ? "n/a" : bytes(alloc)).append(" |\n");
        }
        Files.writeString(Path.of(args[1]), out, StandardCharsets.UTF_8);
        System.out.print(out);
    }

    private static String text(JsonValue v) {
        return switch (v) {
            case null -> "?";
            case JsonString s -> s.value();
            case JsonNumber n -> n.text();
            default -> v.toString();
        };
    }

    /** A score in a width that shows its precision; JMH writes NaN as a string. */
    private static String number(JsonValue v) {
        if (!(v instanceof JsonNumber n)) {
            return text(v);
        }
        double d = n.doubleValue();
        return String.format(Locale.ROOT, d >= 1000 ? "%,.0f" : d >= 100 ? "%.1f" : "%.2f", d);
    }

    private static String bytes(JsonValue v) {
        return v instanceof JsonNumber n ? String.format(Locale.ROOT, "%,.0f", n.doubleValue()) : text(v);
    }
}
