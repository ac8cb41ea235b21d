package io.flowstate.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The facts a reader needs to judge or reproduce a run: machine, JDK, versions, settings. */
public final class Environment {
    private Environment() {
    }

    /** Name to value, in the order the report shows them. */
    public static Map<String, String> describe(Path root, io.flowstate.harness.scenario.Pinning pinning,
                                               String proxyHeap, String nginx, String haproxy, long seed) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date (UTC)", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        env.put("machine", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + memory() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("JDK (harness and proxy)", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        env.put("FlowState", "commit " + command(root, "git", "rev-parse", "--short", "HEAD")
                + (command(root, "git", "status", "--porcelain").isBlank() ? "" : " (with uncommitted changes)"));
        env.put("CPU mode", pinning.describe());
        env.put("proxy process", "own JVM via bin/flowstate, heap -Xms" + proxyHeap + " -Xmx" + proxyHeap
                + (pinning.pinned() ? ", pinned with taskset -c " + pinning.proxyCpus() : ", not pinned"));
        env.put("backends and load generator", "the harness JVM (heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max)"
                + (pinning.harnessCpus() == null ? ", not pinned" : ", pinned with taskset -c " + pinning.harnessCpus()));
        env.put("nginx", nginx);
        env.put("HAProxy", haproxy);
        env.put("seed", Long.toString(seed));
        return env;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException ignored) {
            // not Linux: the count below still says something
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kb >> 20) + " GiB";
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // unknown
        }
        return "memory unknown";
    }

    static String command(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
