package io.flowstate.harness.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The latency figures the harness reports everywhere (progress lines, report tables,
 * {@code summary.json}, {@code make compare}): p50, p95, p99, p99.9 and the maximum. The brief
 * names p50, p95 and p99; p99.9 and the maximum show the tail beyond them.
 */
public final class Percentiles {
    /** The percentiles reported, in order; the maximum comes after them. */
    private static final double[] REPORTED = {50, 95, 99, 99.9};

    private Percentiles() {
    }

    /** The percentiles reported, in order (a copy). */
    public static double[] reported() {
        return REPORTED.clone();
    }

    /** {@code p50}, {@code p95}, {@code p99.9}. */
    public static String label(double percentile) {
        return "p" + (percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile));
    }

    /** {@code p50 0.32 ms, p95 ..., p99 ..., p99.9 ..., max ...} of a histogram in microseconds. */
    public static String line(Histogram micros) {
        StringBuilder sb = new StringBuilder();
        for (double p : REPORTED) {
            sb.append(label(p)).append(' ').append(millis(micros.getValueAtPercentile(p))).append(", ");
        }
        return sb.append("max ").append(millis(micros.getMaxValue())).toString();
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }
}
