package io.flowstate.harness.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws a {@link Chart} as a standalone SVG, by hand, so the harness needs nothing to plot.
 *
 * <p>Layout, top to bottom: the title (one or two lines), the plot, the x tick labels and the
 * x axis's label, then the legend, in as many rows as its entries need, all inside the canvas,
 * whose height grows with the legend; the y axis's label runs up the left edge. Every text is
 * placed by an estimate of its width, {@link #CHAR_WIDTH_EM} of its font size per character,
 * generous for the sans-serif fonts browsers use, so that nothing is clipped.
 *
 * <p>A NaN value breaks a line: a second without responses has no p99, and drawing it as 0
 * would claim one.
 *
 * <p>Each series gets its own pair of colour ({@link #COLOURS}, 8, distinguishable also by
 * people with the common colour-vision deficiencies: Okabe and Ito's palette, yellow replaced)
 * and dash ({@link #DASHES}), so no two series of a chart look alike, in colour or in grey.
 * A series whose line is drawn exactly over an earlier one's (the same pixels) says so in its
 * legend entry. A percentile curve stops where fewer than {@link #MIN_TAIL_SAMPLES} of its
 * samples lie beyond the percentile: past that point a curve would claim what the sample does
 * not hold.
 *
 * <p>Elements carry classes the geometry test reads: {@code series} paths (with
 * {@code data-name} and {@code data-samples}), {@code legend-label} texts, {@code event} lines
 * and {@code event-label} texts, {@code plot} for the plotting area's frame.
 */
public final class Svg {
    static final int WIDTH = 760;
    static final int LEFT = 66;
    static final int RIGHT = 40;
    static final int PLOT_HEIGHT = 280;
    static final int FONT = 12;
    static final int TICK_FONT = 11;
    static final int TITLE_FONT = 14;
    static final int LEGEND_ROW = 18;
    /** The width per character the layout assumes, in ems. */
    static final double CHAR_WIDTH_EM = 0.68;
    /** A percentile curve ends where fewer samples than this lie beyond it. */
    static final long MIN_TAIL_SAMPLES = 10;
    /** The highest percentile decade drawn: 99.999%. */
    static final int MAX_DECADES = 5;

    static final String[] COLOURS = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B",
    };
    static final String[] DASHES = {"", "7 3", "2 2", "9 3 2 3"};

    private Svg() {
    }

    /** The SVG document of {@code chart}. */
    public static String render(Chart chart) {
        return new Drawing(chart).draw();
    }

    /** log10(1 / (1 - p)) for a percentile p in [0, 100). */
    static double percentileX(double percentile) {
        double remaining = Math.max(1e-9, 1 - percentile / 100.0);
        return Math.log10(1 / remaining);
    }

    /** The highest percentile a curve over {@code samples} observations may show. */
    static double percentileLimit(long samples) {
        return samples <= MIN_TAIL_SAMPLES ? 0 : 100 * (1 - (double) MIN_TAIL_SAMPLES / samples);
    }

    /** The width the layout reserves for {@code text} at {@code fontSize}. */
    static double textWidth(String text, int fontSize) {
        return text.length() * CHAR_WIDTH_EM * fontSize;
    }

    /** The smallest of 1, 2 and 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw * (1 - 1e-12)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** One chart being drawn. */
    private static final class Drawing {
        private final Chart chart;
        private final StringBuilder out = new StringBuilder(16_384);
        private final List<String> titleLines;
        private final int top;
        private final int plotBottom;
        private final double plotWidth = WIDTH - LEFT - RIGHT;
        private double maxX;
        private double maxY;

        Drawing(Chart chart) {
            this.chart = chart;
            this.titleLines = wrap(chart.title(), TITLE_FONT, WIDTH - 24, 2);
            this.top = 14 + 18 * titleLines.size() + 10;
            this.plotBottom = top + PLOT_HEIGHT;
        }

        String draw() {
            List<List<double[]>> lines = new ArrayList<>();
            for (Chart.Series s : chart.series()) {
                lines.add(visible(s));
            }
            scale(lines);
            List<String> paths = new ArrayList<>();
            for (List<double[]> pts : lines) {
                paths.add(path(pts));
            }
            List<String> labels = legendLabels(paths);
            int[] styles = styles();
            int columns = legendColumns(labels);
            int rows = (labels.size() + columns - 1) / columns;
            int legendTop = plotBottom + 52;
            int height = legendTop + Math.max(0, rows - 1) * LEGEND_ROW + 14;

            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                    .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                    .append("\" font-family=\"sans-serif\">\n");
            out.append("<rect width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" fill=\"white\"/>\n");
            for (int i = 0; i < titleLines.size(); i++) {
                text(WIDTH / 2.0, 22 + 18 * i, titleLines.get(i), "middle", TITLE_FONT, "title");
            }
            axes();
            markers();
            for (int i = 0; i < paths.size(); i++) {
                Chart.Series s = chart.series().get(i);
                out.append("<path class=\"series\" data-name=\"").append(escape(s.name())).append("\" data-samples=\"")
                        .append(s.samples()).append("\" d=\"").append(paths.get(i)).append("\" fill=\"none\"")
                        .append(stroke(styles[i], 1.6)).append("/>\n");
            }
            if (chart.series().isEmpty()) {
                text(LEFT + plotWidth / 2, top + PLOT_HEIGHT / 2.0, "no data", "middle", FONT, "note");
            }
            double columnWidth = plotWidth / columns;
            for (int i = 0; i < labels.size(); i++) {
                double x = LEFT + (i % columns) * columnWidth;
                double y = legendTop + (i / columns) * LEGEND_ROW;
                out.append("<line class=\"legend-line\" x1=\"").append(fmt(x)).append("\" y1=\"").append(fmt(y - 4))
                        .append("\" x2=\"").append(fmt(x + 24)).append("\" y2=\"").append(fmt(y - 4)).append('"')
                        .append(stroke(styles[i], 2)).append("/>\n");
                text(x + 30, y, fit(labels.get(i), FONT, columnWidth - 36), "start", FONT, "legend-label");
            }
            return out.append("</svg>\n").toString();
        }

        /** The points a series shows: a percentile curve only as far as its samples support. */
        private List<double[]> visible(Chart.Series s) {
            List<double[]> pts = new ArrayList<>();
            double limit = chart.x() == Chart.Axis.PERCENTILE && s.samples() > 0
                    ? percentileLimit(s.samples()) : Double.POSITIVE_INFINITY;
            for (double[] p : s.points()) {
                if (p[0] <= limit + 1e-9) {
                    pts.add(new double[] {chart.x() == Chart.Axis.PERCENTILE ? percentileX(p[0]) : p[0], p[1]});
                }
            }
            return pts;
        }

        private void scale(List<List<double[]>> lines) {
            maxX = 0;
            maxY = 0;
            for (List<double[]> pts : lines) {
                for (double[] p : pts) {
                    maxX = Math.max(maxX, p[0]);
                    if (!Double.isNaN(p[1])) {
                        maxY = Math.max(maxY, p[1]);
                    }
                }
            }
            for (Chart.Marker m : chart.markers()) {
                maxX = Math.max(maxX, m.x());
            }
            if (chart.x() == Chart.Axis.PERCENTILE) {
                maxX = Math.min(MAX_DECADES, Math.max(1, Math.ceil(maxX - 1e-9)));
            } else {
                maxX = Math.max(1, maxX);
            }
            maxY = maxY <= 0 ? 1 : maxY * 1.05;
        }

        private double px(double x) {
            return LEFT + plotWidth * Math.min(x, maxX) / maxX;
        }

        private double py(double y) {
            return plotBottom - PLOT_HEIGHT * y / maxY;
        }

        /** The line through the points; a NaN value (nothing to show that second) breaks it. */
        private String path(List<double[]> pts) {
            StringBuilder d = new StringBuilder();
            boolean broken = true;
            for (double[] p : pts) {
                if (Double.isNaN(p[1])) {
                    broken = true;
                    continue;
                }
                d.append(d.isEmpty() ? "" : " ").append(broken ? "M" : "L").append(fmt(px(p[0]))).append(',')
                        .append(fmt(py(p[1])));
                broken = false;
            }
            return d.toString();
        }

        private void axes() {
            out.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"")
                    .append(fmt(plotWidth)).append("\" height=\"").append(PLOT_HEIGHT)
                    .append("\" fill=\"none\" stroke=\"#333\"/>\n");
            if (chart.x() == Chart.Axis.PERCENTILE) {
                for (int d = 0; d <= (int) maxX; d++) {
                    double x = px(d);
                    grid(x, top, x, plotBottom);
                    text(x, plotBottom + 16, decade(d), "middle", TICK_FONT, "tick");
                }
            } else {
                double step = Math.max(1, niceStep(maxX / 8));
                for (double t = 0; t <= maxX + 1e-9; t += step) {
                    double x = px(t);
                    grid(x, top, x, plotBottom);
                    text(x, plotBottom + 16, number(t, step), "middle", TICK_FONT, "tick");
                }
            }
            double step = niceStep(maxY / 5);
            for (double v = 0; v <= maxY + 1e-9; v += step) {
                double y = py(v);
                grid(LEFT, y, LEFT + plotWidth, y);
                text(LEFT - 6, y + 4, number(v, step), "end", TICK_FONT, "tick");
            }
            text(LEFT + plotWidth / 2, plotBottom + 34, chart.xLabel(), "middle", FONT, "axis-label");
            double cy = top + PLOT_HEIGHT / 2.0;
            out.append("<text class=\"axis-label\" x=\"16\" y=\"").append(fmt(cy)).append("\" transform=\"rotate(-90 16 ")
                    .append(fmt(cy)).append(")\" text-anchor=\"middle\" font-size=\"").append(FONT).append("\">")
                    .append(escape(chart.yLabel())).append("</text>\n");
        }

        /** Event lines across the plot, their labels at its top, in rows so that none overlaps another. */
        private void markers() {
            List<List<double[]>> rows = new ArrayList<>();
            for (Chart.Marker m : chart.markers()) {
                double x = px(m.x());
                out.append("<line class=\"event\" x1=\"").append(fmt(x)).append("\" y1=\"").append(top)
                        .append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(plotBottom)
                        .append("\" stroke=\"#555\" stroke-dasharray=\"2 3\"/>\n");
                double w = textWidth(m.label(), TICK_FONT);
                boolean right = x + 3 + w <= LEFT + plotWidth;
                double from = right ? x + 3 : x - 3 - w;
                double to = from + w;
                int row = 0;
                while (row < rows.size() && overlaps(rows.get(row), from, to)) {
                    row++;
                }
                if (row == rows.size()) {
                    rows.add(new ArrayList<>());
                }
                rows.get(row).add(new double[] {from - 2, to + 2});
                text(right ? x + 3 : x - 3, top + 13 + 13 * row, m.label(), right ? "start" : "end", TICK_FONT,
                        "event-label");
            }
        }

        private static boolean overlaps(List<double[]> taken, double from, double to) {
            for (double[] t : taken) {
                if (from < t[1] && t[0] < to) {
                    return true;
                }
            }
            return false;
        }

        /** Legend labels, with a note on a series drawn exactly over an earlier one. */
        private List<String> legendLabels(List<String> paths) {
            List<String> labels = new ArrayList<>();
            Map<String, String> firstByPath = new HashMap<>();
            for (int i = 0; i < paths.size(); i++) {
                String name = chart.series().get(i).name();
                String earlier = paths.get(i).isEmpty() ? null : firstByPath.putIfAbsent(paths.get(i), name);
                labels.add(earlier == null ? name : name + " (same as " + earlier + ")");
            }
            return labels;
        }

        /** Each series's style: its own unless an earlier series took it, then the first free one. */
        private int[] styles() {
            int n = chart.series().size();
            int[] styles = new int[n];
            Set<Integer> taken = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                int s = Math.floorMod(chart.series().get(i).style(), COLOURS.length);
                while (taken.contains(s)) {
                    s = (s + 1) % COLOURS.length;
                }
                taken.add(s);
                styles[i] = s;
            }
            return styles;
        }

        private int legendColumns(List<String> labels) {
            double widest = 0;
            for (String l : labels) {
                widest = Math.max(widest, textWidth(l, FONT) + 36 + 12);
            }
            return (int) Math.max(1, Math.min(labels.size(), Math.floor(plotWidth / Math.max(1, widest))));
        }

        private void grid(double x1, double y1, double x2, double y2) {
            out.append("<line x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y1)).append("\" x2=\"")
                    .append(fmt(x2)).append("\" y2=\"").append(fmt(y2)).append("\" stroke=\"#e4e4e4\"/>\n");
        }

        private void text(double x, double y, String s, String anchor, int size, String cls) {
            out.append("<text class=\"").append(cls).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y))
                    .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"").append(size).append("\">")
                    .append(escape(s)).append("</text>\n");
        }

        private static String stroke(int style, double width) {
            String dash = DASHES[style % DASHES.length];
            return " stroke=\"" + COLOURS[style] + "\" stroke-width=\"" + width + "\""
                    + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
        }

        private static String decade(int d) {
            if (d == 0) {
                return "0%";
            }
            return java.math.BigDecimal.valueOf(100 - 100 / Math.pow(10, d)).stripTrailingZeros().toPlainString() + "%";
        }

        private static String number(double v, double step) {
            return String.format(Locale.ROOT, step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : step >= 0.01 ? "%.2f" : "%.3f", v);
        }

        /** {@code text} cut to {@code width} with an ellipsis, when it is wider. */
        private static String fit(String text, int size, double width) {
            if (textWidth(text, size) <= width) {
                return text;
            }
            int keep = (int) Math.max(1, Math.floor(width / (CHAR_WIDTH_EM * size)) - 1);
            return text.substring(0, Math.min(text.length(), keep)) + "…";
        }

        /** Words onto at most {@code lines} lines of {@code width}, the last cut with an ellipsis. */
        private static List<String> wrap(String text, int size, double width, int lines) {
            List<String> out = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String next = line.isEmpty() ? word : line + " " + word;
                if (textWidth(next, size) <= width || line.isEmpty()) {
                    line.setLength(0);
                    line.append(next);
                } else {
                    out.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                }
            }
            out.add(line.toString());
            if (out.size() > lines) {
                String last = String.join(" ", out.subList(lines - 1, out.size()));
                out = new ArrayList<>(out.subList(0, lines - 1));
                out.add(fit(last, size, width));
            }
            for (int i = 0; i < out.size(); i++) {
                out.set(i, fit(out.get(i), size, width));
            }
            return out;
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
    }
}
