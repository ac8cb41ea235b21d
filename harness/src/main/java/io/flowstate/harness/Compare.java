package io.flowstate.harness;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonObject;
import io.flowstate.harness.report.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code make compare A=... B=...}: two runs' {@code summary.json} side by side, per point, with
 * whether each difference exceeds the noise ({@link Comparison}).
 *
 * <pre>
 * Compare A/summary.json B/summary.json [--figures rps,p50_us,p95_us,p99_us,p99_9_us,max_us,rps_vs_direct]
 * </pre>
 * A directory stands for its {@code summary.json}. Exit codes: 0 compared, 1 a file could not be
 * read, 2 usage.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> files = new java.util.ArrayList<>();
        List<String> figures = Comparison.DEFAULT_FIGURES;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--figures") && i + 1 < args.length) {
                figures = Arrays.stream(args[++i].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            } else if (args[i].startsWith("--")) {
                return usage("unknown option " + args[i]);
            } else {
                files.add(args[i]);
            }
        }
        if (files.size() != 2 || files.stream().anyMatch(String::isBlank)) {
            return usage("name two summaries, A and B");
        }
        try {
            Path a = summary(files.get(0));
            Path b = summary(files.get(1));
            System.out.print(Comparison.compare(a.toString(), read(a), b.toString(), read(b), figures));
            return 0;
        } catch (Exception e) {
            System.err.println("compare: " + e.getMessage());
            return 1;
        }
    }

    private static Path summary(String name) {
        Path p = Path.of(name);
        return Files.isDirectory(p) ? p.resolve("summary.json") : p;
    }

    private static JsonObject read(Path p) throws Exception {
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(p + " does not exist");
        }
        if (!(Json.parse(Files.readString(p)) instanceof JsonObject o)) {
            throw new IllegalArgumentException(p + " is not a JSON object");
        }
        return o;
    }

    private static int usage(String why) {
        System.err.println("compare: " + why);
        System.err.println("usage: make compare A=results/NAME/summary.json B=results/_scratch/NAME/summary.json"
                + " [FIGURES=rps,p50_us,p95_us,p99_us,p99_9_us,max_us,rps_vs_direct,p99_vs_nginx]");
        return 2;
    }
}
