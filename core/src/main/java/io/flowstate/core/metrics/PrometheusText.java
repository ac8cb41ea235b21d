package io.flowstate.core.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Metrics} registry in the Prometheus text exposition format, version
 * 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats). Called by whoever serves
 * the scrape (the admin endpoint), as often as it is scraped; safe to call while the
 * request path records. Each call allocates; recording never does.
 *
 * <p>What it writes, and why:
 * <ul>
 *   <li>families ordered by name, series by their label values, so two scrapes of the
 *       same state are byte-identical; a family with no series is left out;</li>
 *   <li>per family a {@code # HELP} line (backslash and line feed escaped as {@code \\}
 *       and {@code \n}) and a {@code # TYPE} line, then its samples, one per line, each
 *       line ending in a line feed;</li>
 *   <li>label values with backslash, double quote and line feed escaped as {@code \\},
 *       {@code \"} and {@code \n}, and everything else as it is (the format is UTF-8,
 *       so the caller encodes what this returns as UTF-8);</li>
 *   <li>a histogram as cumulative {@code _bucket} samples, one per bound with {@code le}
 *       in plain decimal seconds ({@code 0.00025}, {@code 1}, {@code 30}) and last
 *       {@code le="+Inf"}, then {@code _sum} in seconds (exact decimal from the nanosecond
 *       sum) and {@code _count}, equal to the {@code +Inf} bucket;</li>
 *   <li>counters, pushed gauges and bucket counts as plain integers; callback gauges as
 *       an integer when integral and within 2^53, {@code NaN}, {@code +Inf} or
 *       {@code -Inf}, else in Java's shortest decimal form (which Prometheus parses,
 *       exponent included); no timestamps.</li>
 * </ul>
 */
public final class PrometheusText {
    /** The {@code Content-Type} of a scrape response in this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Integral doubles below this magnitude are exact as longs, and written as such. */
    private static final double EXACT_INTEGER_LIMIT = 0x1p53;

    private PrometheusText() {
    }

    /** The exposition of {@code metrics} now; empty for {@link Metrics#disabled()}. */
    public static String format(Metrics metrics) {
        StringBuilder out = new StringBuilder(4096);
        try {
            write(metrics, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);    // a StringBuilder does not throw
        }
        return out.toString();
    }

    /**
     * Appends the exposition of {@code metrics} now to {@code out}.
     *
     * @throws IOException from {@code out}
     */
    public static void write(Metrics metrics, Appendable out) throws IOException {
        for (Family family : metrics.registry().sortedFamilies()) {
            List<Map.Entry<List<String>, Child>> series = family.sortedSeries();
            if (series.isEmpty()) {
                continue;
            }
            MetricSpec spec = family.spec();
            out.append("# HELP ").append(spec.name()).append(' ');
            appendEscaped(out, spec.help(), false);
            out.append("\n# TYPE ").append(spec.name()).append(' ')
                    .append(spec.type().text()).append('\n');
            for (Map.Entry<List<String>, Child> s : series) {
                writeSeries(out, spec, s.getKey(), s.getValue());
            }
        }
    }

    private static void writeSeries(Appendable out, MetricSpec spec, List<String> labelValues,
                                    Child child) throws IOException {
        String name = spec.name();
        switch (child) {
            case CounterCell c -> sample(out, name, spec, labelValues, null,
                    Long.toString(c.value()));
            case GaugeCell g -> sample(out, name, spec, labelValues, null,
                    Long.toString(g.value()));
            case CallbackGauge g -> sample(out, name, spec, labelValues, null,
                    formatDouble(g.read()));
            case HistogramCell h -> writeHistogram(out, spec, labelValues, h);
        }
    }

    private static void writeHistogram(Appendable out, MetricSpec spec, List<String> labelValues,
                                       HistogramCell h) throws IOException {
        // Read the sum before the buckets: an observation racing the scrape then shows in
        // the count but not yet in the sum, never the other way round.
        long sumNanos = h.sumNanos();
        long[] counts = h.bucketCounts();
        DurationBuckets buckets = spec.buckets();
        String bucket = spec.name() + "_bucket";
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            String le = i < buckets.size() ? buckets.leLabel(i) : "+Inf";
            sample(out, bucket, spec, labelValues, le, Long.toString(cumulative));
        }
        sample(out, spec.name() + "_sum", spec, labelValues, null,
                DurationBuckets.secondsText(sumNanos));
        sample(out, spec.name() + "_count", spec, labelValues, null, Long.toString(cumulative));
    }

    private static void sample(Appendable out, String name, MetricSpec spec,
                               List<String> labelValues, String le, String value)
            throws IOException {
        out.append(name);
        if (!labelValues.isEmpty() || le != null) {
            out.append('{');
            List<String> labelNames = spec.labelNames();
            for (int i = 0; i < labelValues.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labelNames.get(i)).append("=\"");
                appendEscaped(out, labelValues.get(i), true);
                out.append('"');
            }
            if (le != null) {
                out.append(labelValues.isEmpty() ? "" : ",").append("le=\"").append(le).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    /**
     * Escapes as the format asks: backslash and line feed always, the double quote only
     * inside a label value (HELP text keeps it as it is).
     */
    static void appendEscaped(Appendable out, String text, boolean labelValue) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** A sample value as Prometheus parses it; see the class comment. */
    static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < EXACT_INTEGER_LIMIT) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
