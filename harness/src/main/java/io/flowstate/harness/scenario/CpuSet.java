package io.flowstate.harness.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * A set of CPUs as {@code taskset -c} writes it ({@code "1"}, {@code "0-1,3"}), for the
 * pinned mode: the proxy under test gets one set, and the load generator and backends (this
 * process) the CPUs left, so that neither steals the other's time.
 */
public final class CpuSet {
    private final BitSet cpus;

    private CpuSet(BitSet cpus) {
        this.cpus = cpus;
    }

    /** Parses a list of CPUs and ranges; a malformed one is an {@link IllegalArgumentException}. */
    public static CpuSet parse(String list) {
        BitSet set = new BitSet();
        for (String part : list.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
                if (from < 0 || to < from) {
                    throw new IllegalArgumentException("CPU range " + p + " is backwards or negative");
                }
                set.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU list: " + list);
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("an empty CPU list: " + list);
        }
        return new CpuSet(set);
    }

    /** The CPUs this machine has online ({@code /sys/devices/system/cpu/online}), or 0..n-1 from the JVM. */
    public static CpuSet online() {
        try {
            return parse(Files.readString(Path.of("/sys/devices/system/cpu/online")).strip());
        } catch (IOException | IllegalArgumentException e) {
            BitSet all = new BitSet();
            all.set(0, Runtime.getRuntime().availableProcessors());
            return new CpuSet(all);
        }
    }

    public int count() {
        return cpus.cardinality();
    }

    /** The CPUs of {@code this} not in {@code other}; null when none are left. */
    public CpuSet minus(CpuSet other) {
        BitSet rest = (BitSet) cpus.clone();
        rest.andNot(other.cpus);
        return rest.isEmpty() ? null : new CpuSet(rest);
    }

    /** As {@code taskset -c} takes it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = cpus.nextSetBit(0); i >= 0; ) {
            int end = cpus.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = cpus.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    /**
     * Pins every thread of this process (and so the threads it starts later, which inherit
     * it) to {@code cpus}, with {@code taskset}; returns false when that failed.
     */
    public static boolean pinThisProcess(CpuSet cpus) {
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus.toString(),
                    Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
