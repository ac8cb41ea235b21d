package io.flowstate.core.metrics;

/**
 * One duration histogram series, resolved once by {@link Metrics#histogram} and then
 * recorded into on the request path. Each observation lands in the first bucket whose
 * bound is at or above it ({@link DurationBuckets}), found by a binary search over the
 * bounds in nanoseconds. Thread-safe; recording takes no lock and allocates nothing once
 * the histogram has seen its threads.
 */
public interface Histogram {
    /**
     * Records one duration. A negative one (a clock read out of order) counts as zero.
     *
     * @param nanos the duration, in nanoseconds, e.g. the difference of two
     *              {@link io.flowstate.core.time.Ticker#nanoTime()} reads
     */
    void observeNanos(long nanos);

    /** How many durations were recorded. */
    long count();

    /** The sum of the recorded durations, in nanoseconds (negative ones counted as zero). */
    long sumNanos();
}
