package io.flowstate.harness.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds the reference proxies (nginx, HAProxy) and wrk on this machine, and their versions. */
final class Peers {
    private Peers() {
    }

    /** The executable's path when installed, searched on PATH and in /usr/sbin. */
    static Optional<Path> find(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The first line a command prints for its version flag, or "unknown". */
    static String version(Path executable, String flag) {
        try {
            Process p = new ProcessBuilder(executable.toString(), flag).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("unknown").strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
