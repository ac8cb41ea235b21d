package io.flowstate.harness.scenario;

import java.nio.file.Path;

/**
 * How many methods a running JVM's JIT has compiled so far: HotSpot's {@code sun.ci.totalCompiles}
 * performance counter, the figure {@code jcmd PID PerfCounter.print} prints. The steady-state
 * check ({@link SteadyState}) reads it once per warm-up second and calls the JIT quiet when it
 * has all but stopped growing.
 *
 * <p>{@link #of(long)} reads the counter from the JVM's shared performance-data file
 * ({@link HsPerfData}), which HotSpot keeps current while it runs: a read of some 32 KiB.
 * {@code jcmd} starts a JVM per reading (a few hundred milliseconds of CPU, taken from the load
 * generator's CPU once a second), so it is only the fallback, tried once, when the file cannot
 * be read.
 *
 * <p>Contract: {@link #totalCompiles()} is called from one thread at a time and returns -1
 * when the count cannot be read (the JVM is gone, perf data is off, not HotSpot);
 * {@link #none()} is the stand-in for targets that are not JVMs.
 */
public interface JitCounter {

    /** The counter {@link #totalCompiles()} reads. */
    String COUNTER = "sun.ci.totalCompiles";

    /** Methods compiled so far (any tier), or -1 when it cannot be read now. */
    long totalCompiles();

    /** A stand-in for a target that is not a JVM: always -1. */
    static JitCounter none() {
        return () -> -1;
    }

    /** The counter of the JVM with process id {@code pid}, run by this user. */
    static JitCounter of(long pid) {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        boolean[] jcmdFailed = {false};
        return () -> {
            long fromFile = HsPerfData.read(file, COUNTER);
            if (fromFile >= 0 || jcmdFailed[0]) {
                return fromFile;
            }
            long fromJcmd = Jcmd.perfCounter(pid, COUNTER);
            jcmdFailed[0] = fromJcmd < 0;
            return fromJcmd;
        };
    }
}
