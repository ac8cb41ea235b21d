package io.flowstate.core.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' own checker on the writer's output: {@code promtool check metrics} parses
 * the text format and lints it (counter suffixes, units, HELP present, reserved names).
 * Skipped, saying so, where promtool is not installed ({@code apt-get install prometheus}
 * provides it).
 */
class PromtoolTest {

    /** The executable {@code name} in a directory of PATH, as {@code command -v} finds it, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    @Test
    void promtoolAcceptsEveryMetric() throws IOException, InterruptedException {
        Path promtool = onPath("promtool");
        assumeTrue(promtool != null, "promtool is not on PATH: skipping `promtool check metrics`"
                + " (apt-get install prometheus provides it)");
        String text = PrometheusText.format(EveryMetric.registry());

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        int exit = p.waitFor();

        assertEquals(0, exit, "promtool check metrics failed:\n" + output + "\non this input:\n"
                + text);
    }
}
