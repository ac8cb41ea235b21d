package io.flowstate.harness.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator checked against another tool on a direct-to-backend row: the same
 * backend, connection count and duration. Closed-loop points with keep-alive go to wrk (its
 * model); open-loop points to wrk2 at the same rate ({@code -R}), when installed (wrk2 is not
 * packaged in Debian: build it from https://github.com/giltene/wrk2). The report shows both
 * figures and flags a throughput gap over {@link #TOLERANCE}; the p99s are shown beside each
 * other, not judged (the tools schedule requests differently: wrk2 gives each connection its
 * share of the rate, the harness gives each request the next free connection).
 *
 * @param tool             {@code wrk} or {@code wrk2}
 * @param load             the load point's label
 * @param repeat           the repeat of the direct row it follows
 * @param harnessRps       responses per second the harness measured
 * @param toolRps          what the tool measured ({@code Requests/sec})
 * @param harnessP99Micros the harness's p99 (corrected) in microseconds
 * @param toolP99Micros    the tool's p99 ({@code --latency}) in microseconds; NaN when it printed none
 */
public record CrossCheck(String tool, String load, int repeat, double harnessRps, double toolRps,
                         double harnessP99Micros, double toolP99Micros) {
    /** The largest relative throughput gap the two may show before the report flags it. */
    public static final double TOLERANCE = 0.15;
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    // wrk: "     99%    1.23ms"; wrk2: " 99.000%    1.23ms" (the first such line: recorded latency)
    private static final Pattern P99 = Pattern.compile("^\\s*99(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
            Pattern.MULTILINE);

    public double gap() {
        return Math.abs(harnessRps - toolRps) / Math.max(toolRps, 1e-9);
    }

    public boolean agrees() {
        return gap() <= TOLERANCE;
    }

    /** What a tool run printed: throughput, and p99 in microseconds (NaN when absent). */
    record Measured(double rps, double p99Micros) {
    }

    /**
     * Runs wrk ({@code ratePerSecond} 0) or wrk2 against {@code target}, one thread, with
     * {@code --latency}; its output goes to {@code log}.
     */
    static Measured run(Path tool, InetSocketAddress target, int connections, double ratePerSecond, Duration duration,
                        Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool.toString(), "-t1", "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "5s", "--latency"));
        if (ratePerSecond > 0) {
            command.add("-R" + Math.round(ratePerSecond));
        }
        command.add("http://127.0.0.1:" + target.getPort() + "/");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool.getFileName() + " did not finish; see " + log);
        }
        return parse(Files.readString(log, StandardCharsets.UTF_8), log);
    }

    /** Reads {@code Requests/sec} and the p99 line of wrk's or wrk2's output. */
    static Measured parse(String out, Path log) throws IOException {
        Matcher m = RPS.matcher(out);
        if (!m.find()) {
            throw new IOException("no Requests/sec in the output; see " + log);
        }
        double rps = Double.parseDouble(m.group(1));
        Matcher p = P99.matcher(out);
        double p99 = Double.NaN;
        if (p.find()) {
            double v = Double.parseDouble(p.group(1));
            p99 = switch (p.group(2)) {
                case "us" -> v;
                case "ms" -> v * 1_000;
                case "s" -> v * 1_000_000;
                default -> v * 60_000_000;                  // "m": minutes
            };
        }
        return new Measured(rps, p99);
    }
}
