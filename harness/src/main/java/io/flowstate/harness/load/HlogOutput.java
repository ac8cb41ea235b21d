package io.flowstate.harness.load;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes the measured interval histograms as an HdrHistogram log (.hlog), one line per second,
 * readable by {@code HistogramLogReader} and {@code HistogramLogProcessor}.
 *
 * <p>The header, written with the first interval: two comment lines (the generator and the
 * spec; the unit), the format version, {@code StartTime} and {@code BaseTime} both at the start of
 * the measured phase, and the legend. Interval time stamps are seconds relative to that base
 * time. Values are microseconds; the {@code Interval_Max} column is in milliseconds
 * ({@link #MAX_VALUE_UNIT_RATIO}). {@code HistogramLogProcessor} prints milliseconds for these
 * logs with {@code -outputValueUnitRatio 1000}.
 *
 * <p>Contract: used by the calling thread of {@link LoadGenerator#run} only; {@link #none()} is
 * the stand-in when no log was asked for.
 */
final class HlogOutput implements AutoCloseable {

    /** Divides the recorded maximum (microseconds) for the log's Interval_Max column (milliseconds). */
    static final double MAX_VALUE_UNIT_RATIO = 1000.0;

    private final Path path;
    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final String description;
    private long baseMillis = -1;

    private HlogOutput(Path path, PrintStream out, String description) {
        this.path = path;
        this.out = out;
        this.writer = out == null ? null : new HistogramLogWriter(out);
        this.description = description;
    }

    /** A log at {@code path} (created or truncated), or {@link #none()} when path is null. */
    static HlogOutput open(Path path, LoadSpec spec) throws IOException {
        if (path == null) {
            return none();
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(Files.newOutputStream(path)), false,
                StandardCharsets.US_ASCII);
        return new HlogOutput(path, out, spec.describe());
    }

    /** A stand-in that writes nothing. */
    static HlogOutput none() {
        return new HlogOutput(null, null, null);
    }

    /** Appends one interval, and the header before the first; flushes so the log can be followed live. */
    void write(long startEpochMillis, long endEpochMillis, Histogram interval) throws IOException {
        if (writer == null) {
            return;
        }
        if (baseMillis < 0) {
            baseMillis = startEpochMillis;
            writer.outputComment("FlowState load generator: " + description);
            writer.outputComment("Latency in microseconds from each request's intended send time"
                    + " (coordinated omission corrected)");
            writer.outputLogFormatVersion();
            writer.outputStartTime(baseMillis);
            writer.setBaseTime(baseMillis);
            writer.outputBaseTime(baseMillis);
            writer.outputLegend();
        }
        interval.setStartTimeStamp(startEpochMillis);
        interval.setEndTimeStamp(endEpochMillis);
        writer.outputIntervalHistogram((startEpochMillis - baseMillis) / 1000.0, (endEpochMillis - baseMillis) / 1000.0,
                interval, MAX_VALUE_UNIT_RATIO);
        if (out.checkError()) {
            throw new IOException("writing the histogram log " + path + " failed");
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            if (out.checkError()) {
                throw new IOException("closing the histogram log " + path + " failed");
            }
        }
    }
}
