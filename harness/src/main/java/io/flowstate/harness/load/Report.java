package io.flowstate.harness.load;

import org.HdrHistogram.Histogram;

/** What the I/O thread hands the calling thread, through a queue, while a run goes on. */
sealed interface Report {

    /**
     * One interval ended.
     *
     * @param elapsedSeconds   whole seconds since the run began, rounded up
     * @param warmingUp        a warm-up interval; then {@code corrected} is null
     * @param startEpochMillis wall-clock start of the interval
     * @param endEpochMillis   wall-clock end of the interval
     * @param counts           the phase's counts for the interval
     * @param corrected        corrected latencies (microseconds) of the interval's completions
     */
    record Interval(int elapsedSeconds, boolean warmingUp, long startEpochMillis, long endEpochMillis,
                    Tally.Interval counts, Histogram corrected) implements Report {
    }

    /** The measured window began, after {@code warmupNanos} of warm-up; sent once, before its intervals. */
    record Measuring(long warmupNanos) implements Report {
    }

    /**
     * The run is over: every request issued has ended, every interval was reported.
     *
     * @param measured    the measured phase's counts (the I/O thread no longer touches them)
     * @param uncorrected latencies from the actual send time (microseconds)
     * @param cpuShare        generator CPU over the measured window, see {@link LoadResult}
     * @param processCpuShare the whole process's CPU over the measured window, see {@link LoadResult}
     * @param processCpus     the CPUs the process may use
     * @param warmupNanos     how long the warm-up lasted
     */
    record Finished(Tally measured, Histogram uncorrected, double cpuShare, double processCpuShare, int processCpus,
                    long warmupNanos) implements Report {
    }

    /** The I/O thread failed; the run is over. */
    record Failed(Throwable cause) implements Report {
    }
}
