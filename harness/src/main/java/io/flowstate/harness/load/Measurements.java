package io.flowstate.harness.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The I/O thread's accounting: what each request's end adds to the counts and histograms of its
 * phase. A request belongs to the phase it was issued in (its intended time in open loop, its
 * start in closed loop), whenever it ends; warm-up requests go to counts nobody reads after the
 * warm-up, and to no histogram.
 *
 * <p>Contract: used by the I/O thread only, until {@link #finished} hands the measured counts
 * and the uncorrected histogram to the caller's thread; after that it is not touched.
 */
final class Measurements {

    /** HdrHistogram precision: three significant digits (0.1% value resolution), auto-resizing. */
    static final int SIGNIFICANT_DIGITS = 3;

    private final Tally warmup = new Tally();
    private final Tally measured = new Tally();
    // One writer (the I/O thread) records; each tick swaps out the interval's histogram.
    // SingleWriterRecorder is HdrHistogram's Recorder for exactly one writer: no atomic adds.
    private final SingleWriterRecorder corrected = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
    private final Histogram uncorrected = new Histogram(SIGNIFICANT_DIGITS);
    private final BackendNames names = new BackendNames();

    void sent(boolean inMeasuredPhase) {
        tally(inMeasuredPhase).sent();
    }

    void failed(boolean inMeasuredPhase, ErrorKind kind) {
        tally(inMeasuredPhase).failed(kind);
    }

    /** Counts the complete response on {@code c}, which arrived at {@code nowNanos}. */
    void completed(Connection c, long nowNanos) {
        ResponseParser response = c.parser;
        tally(c.measured).completed(response.status(), names.of(response.backend(), response.backendLength()));
        if (c.measured) {
            long sent = c.sentNanos == Connection.NOT_SENT ? c.intendedNanos : c.sentNanos;
            corrected.recordValue(micros(nowNanos - c.intendedNanos));
            uncorrected.recordValue(micros(nowNanos - sent));
        }
    }

    /** Ends the current interval of a phase: its counts, and for the measured phase its corrected latencies. */
    Report.Interval interval(boolean warmingUp, int elapsedSeconds, long startEpochMillis, long endEpochMillis) {
        return new Report.Interval(elapsedSeconds, warmingUp, startEpochMillis, endEpochMillis,
                tally(!warmingUp).takeInterval(), warmingUp ? null : corrected.getIntervalHistogram());
    }

    Report.Finished finished(double cpuShare, double processCpuShare, int processCpus, long warmupNanos) {
        return new Report.Finished(measured, uncorrected, cpuShare, processCpuShare, processCpus, warmupNanos);
    }

    private Tally tally(boolean inMeasuredPhase) {
        return inMeasuredPhase ? measured : warmup;
    }

    private static long micros(long nanos) {
        return Math.max(0, (nanos + 500) / 1000);
    }
}
