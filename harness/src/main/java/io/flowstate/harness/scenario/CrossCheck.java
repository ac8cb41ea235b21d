package io.flowstate.harness.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator checked against wrk on the direct-to-backend row: same backend, same
 * connection count, same duration, closed loop with keep-alive (wrk's model). The report
 * shows both figures and flags a gap over {@link #TOLERANCE}.
 *
 * @param load        the load point's label
 * @param repeat      the repeat of the direct row it follows
 * @param harnessRps  responses per second the harness measured
 * @param wrkRps      what wrk measured ({@code Requests/sec})
 */
public record CrossCheck(String load, int repeat, double harnessRps, double wrkRps) {
    /** The largest relative gap the two may show before the report flags it. */
    public static final double TOLERANCE = 0.15;
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    public double gap() {
        return Math.abs(harnessRps - wrkRps) / Math.max(wrkRps, 1e-9);
    }

    public boolean agrees() {
        return gap() <= TOLERANCE;
    }

    /** Runs wrk against {@code target}; its output goes to {@code log}. */
    static double runWrk(Path wrk, InetSocketAddress target, int connections, Duration duration, Path log)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(wrk.toString(), "-t1", "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "5s",
                "http://127.0.0.1:" + target.getPort() + "/")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS);
        java.nio.file.Files.writeString(log, out);
        Matcher m = RPS.matcher(out);
        if (!m.find()) {
            throw new IOException("wrk printed no Requests/sec; see " + log);
        }
        return Double.parseDouble(m.group(1));
    }
}
