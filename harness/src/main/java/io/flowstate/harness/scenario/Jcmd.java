package io.flowstate.harness.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a performance counter through {@code jcmd PID PerfCounter.print} (the JDK's own
 * {@code jcmd}): it starts a JVM, so it is slow and only {@link JitCounter}'s fallback.
 */
final class Jcmd {
    private static final long TIMEOUT_SECONDS = 10;

    private Jcmd() {
    }

    /** The counter's value, or -1 when jcmd is missing, fails, or does not print it within 10 s. */
    static long perfCounter(long pid, String name) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        Path out = null;
        try {
            out = Files.createTempFile("flowstate-jcmd", ".txt");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "PerfCounter.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return parse(Files.readString(out, StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    /** The value of {@code name=VALUE} in PerfCounter.print's output, or -1. */
    static long parse(String output, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "=(-?[0-9]+)$", Pattern.MULTILINE).matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
