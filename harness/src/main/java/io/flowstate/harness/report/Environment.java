package io.flowstate.harness.report;

import io.flowstate.harness.scenario.Pinning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The facts a reader needs to judge or reproduce a run: machine, JDK, commit, versions,
 * settings. {@link #forReport()} gives them as the report's lines; {@code summary.json} has
 * them under machine-readable keys ({@link Summary}).
 *
 * @param date                 when the run ended, to the second
 * @param cpuModel             {@code /proc/cpuinfo}'s model name, or the architecture
 * @param cpus                 the machine's online CPUs
 * @param memoryBytes          {@code MemTotal}, or -1 when unknown
 * @param os                   name and version
 * @param jdk                  vendor and runtime version of this JVM (the proxies run the same JDK)
 * @param commit               {@code git rev-parse HEAD}, or {@code unknown}
 * @param dirty                whether the tree had changes outside {@code results/} (see {@link #DIRTY_IGNORES})
 * @param pinning              the CPU mode
 * @param proxyHeap            the proxy JVM's fixed heap, e.g. {@code 512m}
 * @param harnessHeapMaxBytes  this JVM's maximum heap
 * @param nginx                {@code nginx -v}'s line, or "not installed ..."
 * @param haproxy              {@code haproxy -v}'s first line, or "not installed ..."
 * @param seed                 the scenario's seed
 */
public record Environment(Instant date, String cpuModel, int cpus, long memoryBytes, String os, String jdk,
                          String commit, boolean dirty, Pinning pinning, String proxyHeap, long harnessHeapMaxBytes,
                          String nginx, String haproxy, long seed) {

    /** Changes under these paths do not make a tree dirty: results are written there, by runs. */
    public static final String DIRTY_IGNORES = "results";

    /**
     * Whether the tree at {@code root} has uncommitted changes (untracked files included) outside
     * {@link #DIRTY_IGNORES}; true as well when git cannot tell (not a repository, no git).
     */
    public static boolean dirty(Path root) {
        String status = command(root, "git", "status", "--porcelain", "--", ".", ":(exclude)" + DIRTY_IGNORES);
        return status.equals("unknown") || !status.isBlank();
    }

    /**
     * The facts of this machine and tree now.
     *
     * @param dirty the tree's state when the run began ({@link #dirty(Path)})
     */
    public static Environment describe(Path root, boolean dirty, Pinning pinning, String proxyHeap, String nginx,
                                       String haproxy, long seed) {
        return new Environment(Instant.now().truncatedTo(ChronoUnit.SECONDS), readCpuModel(),
                io.flowstate.harness.scenario.CpuSet.online().count(), readMemoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                command(root, "git", "rev-parse", "HEAD"), dirty,
                pinning, proxyHeap, Runtime.getRuntime().maxMemory(), nginx, haproxy, seed);
    }

    /** The commit's first 7 hex digits, or {@code unknown}. */
    public String commitShort() {
        return commit.length() >= 7 && commit.matches("[0-9a-f]+") ? commit.substring(0, 7) : "unknown";
    }

    /** Name to value, in the order the report shows them. */
    public Map<String, String> forReport() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date (UTC)", date.toString());
        env.put("machine", cpuModel + ", " + cpus + " CPUs, " + (memoryBytes < 0 ? "memory unknown" : (memoryBytes >> 30) + " GiB")
                + ", " + os);
        env.put("JDK (harness and proxy)", jdk);
        env.put("FlowState", "commit " + commitShort() + (dirty ? " (with uncommitted changes)" : ""));
        env.put("CPU mode", pinning.describe());
        env.put("proxy process", "own JVM via bin/flowstate, heap -Xms" + proxyHeap + " -Xmx" + proxyHeap
                + (pinning.pinned() ? ", pinned with taskset -c " + pinning.proxyCpus() : ", not pinned"));
        env.put("backends and load generator", "the harness JVM (heap " + (harnessHeapMaxBytes >> 20) + " MiB max)"
                + (pinning.harnessCpus() == null ? ", not pinned" : ", pinned with taskset -c " + pinning.harnessCpus()));
        env.put("nginx", nginx);
        env.put("HAProxy", haproxy);
        env.put("seed", Long.toString(seed));
        return env;
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException ignored) {
            // not Linux: the count still says something
        }
        return System.getProperty("os.arch");
    }

    private static long readMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // unknown
        }
        return -1;
    }

    /** A command's output, stripped, or {@code unknown} when it fails. */
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
