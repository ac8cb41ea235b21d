package io.flowstate.harness.report;

import java.util.List;
import java.util.Locale;

/**
 * Line charts as standalone SVG, drawn by hand so the harness needs nothing to plot:
 * latency by percentile on the 1/(1-p) axis (HdrHistogram's usual view), and series over
 * time. Fixed size, a palette of distinguishable colours, a legend on the right.
 */
public final class Svg {
    private static final int WIDTH = 880;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 240;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] PALETTE = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    };

    /** One line: a name and its points. */
    public record Series(String name, List<double[]> points) {
    }

    private Svg() {
    }

    /**
     * Latency (y, ms) by percentile (x on log10(1/(1-p)), labelled 0%, 90%, 99%, ...).
     * Points are {@code {percentile, millis}}.
     */
    public static String percentiles(String title, List<Series> series) {
        double maxX = 1;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, x(p[0]));
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxX = Math.ceil(maxX);
        StringBuilder out = open(title, "percentile", "latency (ms)");
        for (int d = 0; d <= (int) maxX; d++) {
            double px = LEFT + plotWidth() * d / maxX;
            String label = d == 0 ? "0%" : (100 - 100 / Math.pow(10, d)) + "%";
            label = label.replace(".0%", "%");
            out.append(line(px, TOP, px, HEIGHT - BOTTOM, "#ddd"));
            out.append(text(px, HEIGHT - BOTTOM + 18, label, "middle"));
        }
        yAxis(out, maxY);
        int i = 0;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                double px = LEFT + plotWidth() * x(p[0]) / maxX;
                double py = y(p[1], maxY);
                path.append(path.isEmpty() ? "M" : "L").append(fmt(px)).append(',').append(fmt(py));
            }
            out.append(pathLine(path, i));
            legend(out, i, s.name());
            i++;
        }
        return close(out);
    }

    /** Values over time: points are {@code {seconds, value}}. */
    public static String overTime(String title, String yLabel, List<Series> series) {
        double maxX = 1;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder out = open(title, "time (s)", yLabel);
        int step = Math.max(1, (int) Math.ceil(maxX / 10));
        for (int t = 0; t <= maxX; t += step) {
            double px = LEFT + plotWidth() * t / maxX;
            out.append(line(px, TOP, px, HEIGHT - BOTTOM, "#eee"));
            out.append(text(px, HEIGHT - BOTTOM + 18, Integer.toString(t), "middle"));
        }
        yAxis(out, maxY);
        int i = 0;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                path.append(path.isEmpty() ? "M" : "L").append(fmt(LEFT + plotWidth() * p[0] / maxX))
                        .append(',').append(fmt(y(p[1], maxY)));
            }
            out.append(pathLine(path, i));
            legend(out, i, s.name());
            i++;
        }
        return close(out);
    }

    /** log10(1 / (1 - p)) for a percentile p in [0, 100). */
    static double x(double percentile) {
        double remaining = Math.max(1e-7, 1 - percentile / 100.0);
        return Math.log10(1 / remaining);
    }

    private static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static double y(double value, double maxY) {
        double top = maxY <= 0 ? 1 : maxY * 1.05;
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / top;
    }

    private static void yAxis(StringBuilder out, double maxY) {
        double step = niceStep(maxY <= 0 ? 1 : maxY * 1.05 / 5);
        for (double v = 0; v <= maxY * 1.05 + 1e-9; v += step) {
            double py = y(v, maxY);
            out.append(line(LEFT, py, WIDTH - RIGHT, py, "#eee"));
            out.append(text(LEFT - 6, py + 4, String.format(Locale.ROOT, step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2f", v), "end"));
        }
    }

    /** The smallest of 1, 2 and 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static StringBuilder open(String title, String xLabel, String yLabel) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append(text(WIDTH / 2.0 - RIGHT / 2.0, 22, title, "middle").replace("font-size=\"12\"", ""));
        out.append(text(LEFT + plotWidth() / 2, HEIGHT - 12, xLabel, "middle"));
        out.append("<text x=\"16\" y=\"").append(HEIGHT / 2).append("\" transform=\"rotate(-90 16 ")
                .append(HEIGHT / 2).append(")\" text-anchor=\"middle\">").append(escape(yLabel)).append("</text>\n");
        out.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333"));
        out.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333"));
        return out;
    }

    private static String close(StringBuilder out) {
        return out.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder out, int index, String name) {
        double ly = TOP + 16 * index;
        out.append("<line x1=\"" + fmt(WIDTH - RIGHT + 12) + "\" y1=\"" + fmt(ly) + "\" x2=\"" + fmt(WIDTH - RIGHT + 32)
                + "\" y2=\"" + fmt(ly) + "\"" + stroke(index, 2) + "/>\n");
        out.append(text(WIDTH - RIGHT + 36, ly + 4, name, "start"));
    }

    private static String pathLine(StringBuilder d, int index) {
        return "<path d=\"" + d + "\" fill=\"none\"" + stroke(index, 1.5) + "/>\n";
    }

    /** Colour from the palette; a second round of series is dashed so no two look alike. */
    private static String stroke(int index, double width) {
        String dash = index >= PALETTE.length ? " stroke-dasharray=\"6 3\"" : "";
        return " stroke=\"" + PALETTE[index % PALETTE.length] + "\" stroke-width=\"" + width + "\"" + dash;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String text(double x, double y, String s, String anchor) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + escape(s) + "</text>\n";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
