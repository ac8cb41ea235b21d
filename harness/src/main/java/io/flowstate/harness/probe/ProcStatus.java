package io.flowstate.harness.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a process read from {@code /proc/PID/status}: Linux only. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** Resident set size in KiB ({@code VmRSS}), or -1 when it cannot be read. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
