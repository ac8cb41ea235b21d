package io.flowstate.harness.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * One figure measured several times: its median and its range (min to max). NaN values
 * (a ratio with no reference in that repeat) are left out; a spread of no values is
 * {@link #NONE}.
 *
 * @param median the median (the mean of the middle two for an even count)
 * @param min    the smallest value
 * @param max    the largest
 * @param n      how many values
 */
public record Spread(double median, double min, double max, int n) {
    /** No value at all. */
    public static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    public static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return NONE;
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    public static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** Whether the two ranges share a value: then, benchstat's way, the difference is within the noise. */
    public boolean overlaps(Spread other) {
        return n > 0 && other.n > 0 && min <= other.max && other.min <= max;
    }

    /** {@code (max - min) / median}: the range as a share of the median; 0 for one value. */
    public double relativeRange() {
        return n == 0 || median == 0 ? Double.NaN : (max - min) / Math.abs(median);
    }

    /**
     * The median, then the range in parentheses when there is more than one value, each written
     * by {@code format}; empty for no value.
     */
    public String format(DoubleFunction<String> format) {
        if (n == 0) {
            return "";
        }
        String m = format.apply(median);
        return n == 1 || min == max ? m : m + " (" + format.apply(min) + "–" + format.apply(max) + ")";
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String millis(double micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2fx", v);
    }
}
