package io.flowstate.harness.report;

import java.util.List;

/**
 * One line chart, before it is drawn ({@link Svg#render}): a title, labelled axes with units,
 * at most {@link #MAX_SERIES} series, and vertical markers for events.
 *
 * @param title   the chart's title (wrapped onto a second line when long)
 * @param xLabel  the x axis's label, with its unit
 * @param yLabel  the y axis's label, with its unit
 * @param x       how x values are placed
 * @param series  the lines, drawn in order (a later one over an earlier one)
 * @param markers vertical lines at x values (a timeline's events), labelled
 */
public record Chart(String title, String xLabel, String yLabel, Axis x, List<Series> series, List<Marker> markers) {
    /** The most series one chart may hold: more become several charts (small multiples). */
    public static final int MAX_SERIES = 8;

    /** How x values map to the axis. */
    public enum Axis {
        /**
         * Percentiles 0 to 100 on {@code log10(1 / (1 - p/100))}: 0% at 0, 90% at 1, 99% at 2,
         * HdrHistogram's usual view, where the tail gets the room.
         */
        PERCENTILE,
        /** Linear, from 0 (seconds over time). */
        LINEAR
    }

    /**
     * One line.
     *
     * @param name    the legend's label
     * @param points  {@code {x, y}} pairs, x ascending
     * @param style   which colour and dash to draw it with ({@link Svg#COLOURS}, {@link Svg#DASHES}), so
     *                that a target keeps its look from chart to chart; a style already taken in the
     *                chart is replaced by the first free one
     * @param samples how many observations the line summarises (a percentile curve must not claim
     *                more than they support); 0 when it does not apply
     */
    public record Series(String name, List<double[]> points, int style, long samples) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** A vertical line at {@code x} with a short label, e.g. {@code b3 refuse}. */
    public record Marker(double x, String label) {
    }

    public Chart {
        if (series.size() > MAX_SERIES) {
            throw new IllegalArgumentException(title + ": " + series.size() + " series, at most " + MAX_SERIES
                    + " fit one chart; split them into small multiples");
        }
        series = List.copyOf(series);
        markers = List.copyOf(markers);
    }
}
