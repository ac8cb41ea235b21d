package io.flowstate.harness.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * CPU time used by the generator's own threads (the I/O thread, the pacer, the caller that
 * writes the log), read through {@link ThreadMXBean}: it answers "was the generator's loop
 * busy" (GC and JIT threads are not counted). Beside it, {@link #processNanos()}: the whole
 * harness JVM's CPU time (the generator, the test backends, GC, JIT), read through
 * {@code com.sun.management.OperatingSystemMXBean}: it answers "did the harness have CPU to
 * spare", which matters when it is pinned to one CPU.
 */
final class CpuClock {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long[] ids;
    private final boolean supported;

    CpuClock(List<Thread> generatorThreads) {
        this.ids = generatorThreads.stream().mapToLong(Thread::threadId).toArray();
        boolean ok = threads.isThreadCpuTimeSupported();
        if (ok && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        this.supported = ok;
    }

    /** Total CPU nanoseconds of the threads so far, or -1 when the JVM cannot tell. */
    long nanos() {
        if (!supported) {
            return -1;
        }
        long sum = 0;
        for (long id : ids) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    /** CPU nanoseconds this whole process has used so far, or -1 when the JVM cannot tell. */
    static long processNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            return t >= 0 ? t : -1;
        }
        return -1;
    }

    /** The CPUs this process may run on now (its affinity, as {@code taskset} set it). */
    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** CPU over wall time between two readings: 1.0 is one core busy; NaN when unknown. */
    static double share(long cpuStart, long cpuEnd, long wallNanos) {
        if (cpuStart < 0 || cpuEnd < 0 || wallNanos <= 0) {
            return Double.NaN;
        }
        return (double) (cpuEnd - cpuStart) / wallNanos;
    }
}
