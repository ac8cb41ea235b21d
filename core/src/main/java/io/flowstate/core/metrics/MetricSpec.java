package io.flowstate.core.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a metric family is: its name, type, HELP text and label names (in the order their
 * values are given when a series is resolved), and for a histogram its buckets.
 * Immutable; equal when every part is equal. The project's own specs are the constants of
 * {@link MetricNames}.
 *
 * <p>The constructors enforce the Prometheus conventions, so that a bad name fails when
 * its class loads rather than at the first scrape:
 * <ul>
 *   <li>names and label names are lower {@code snake_case} ASCII: {@code [a-z][a-z0-9]*}
 *       words joined by single underscores (no colons, which belong to recording rules,
 *       and no leading {@code __}, which Prometheus reserves);</li>
 *   <li>a counter's name ends in {@code _total}, and no other type's does;</li>
 *   <li>no name ends in {@code _bucket}, {@code _sum} or {@code _count}, which a
 *       histogram's series take, and no label is named {@code le} or {@code quantile};</li>
 *   <li>the HELP text is not blank and has no leading or trailing whitespace (the text
 *       format cannot carry it), and label names are distinct.</li>
 * </ul>
 */
public final class MetricSpec {
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final List<String> RESERVED_SUFFIXES = List.of("_bucket", "_sum", "_count");
    private static final List<String> RESERVED_LABELS = List.of("le", "quantile");

    private final String name;
    private final MetricType type;
    private final String help;
    private final List<String> labelNames;
    private final DurationBuckets buckets;   // null unless type is HISTOGRAM

    private MetricSpec(String name, MetricType type, String help, DurationBuckets buckets,
                       String[] labelNames) {
        this.name = checkName(name, type);
        this.type = type;
        this.help = checkHelp(name, help);
        this.labelNames = checkLabelNames(name, labelNames);
        this.buckets = buckets;
    }

    /** A counter; {@code name} must end in {@code _total}. */
    public static MetricSpec counter(String name, String help, String... labelNames) {
        return new MetricSpec(name, MetricType.COUNTER, help, null, labelNames);
    }

    /** A gauge. */
    public static MetricSpec gauge(String name, String help, String... labelNames) {
        return new MetricSpec(name, MetricType.GAUGE, help, null, labelNames);
    }

    /** A duration histogram with {@link DurationBuckets#DEFAULT}; {@code name} should end in {@code _seconds}. */
    public static MetricSpec histogram(String name, String help, String... labelNames) {
        return histogram(name, help, DurationBuckets.DEFAULT, labelNames);
    }

    /** A duration histogram with the given buckets. */
    public static MetricSpec histogram(String name, String help, DurationBuckets buckets,
                                       String... labelNames) {
        Objects.requireNonNull(buckets, "buckets");
        return new MetricSpec(name, MetricType.HISTOGRAM, help, buckets, labelNames);
    }

    public String name() {
        return name;
    }

    public MetricType type() {
        return type;
    }

    /** The HELP text, unescaped. */
    public String help() {
        return help;
    }

    /** The label names, in the order a series' values are given. */
    public List<String> labelNames() {
        return labelNames;
    }

    /**
     * A histogram's buckets.
     *
     * @throws IllegalStateException when this is not a histogram
     */
    public DurationBuckets buckets() {
        if (buckets == null) {
            throw new IllegalStateException(name + " is a " + type.text() + ", it has no buckets");
        }
        return buckets;
    }

    /** The names of the series this family writes: its own, or a histogram's three. */
    List<String> seriesNames() {
        return type == MetricType.HISTOGRAM
                ? List.of(name + "_bucket", name + "_sum", name + "_count")
                : List.of(name);
    }

    /**
     * Checks that {@code labelValues} fit this family, for a caller that asked for a
     * {@code expected} series.
     *
     * @throws IllegalArgumentException naming the metric, when the type or the number of
     *                                  values is wrong or a value is null
     */
    void checkSeries(MetricType expected, String[] labelValues) {
        if (type != expected) {
            throw new IllegalArgumentException(name + " is a " + type.text() + ", not a "
                    + expected.text());
        }
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes " + labelNames.size()
                    + " label values " + labelNames + ", got " + labelValues.length);
        }
        for (int i = 0; i < labelValues.length; i++) {
            if (labelValues[i] == null) {
                throw new IllegalArgumentException(name + ": value of label "
                        + labelNames.get(i) + " is null");
            }
        }
    }

    private static String checkName(String name, MetricType type) {
        Objects.requireNonNull(name, "name");
        if (!SNAKE_CASE.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name \"" + name
                    + "\" is not lower snake_case ASCII");
        }
        boolean total = name.endsWith("_total");
        if (type == MetricType.COUNTER && !total) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        if (type != MetricType.COUNTER && total) {
            throw new IllegalArgumentException(type.text() + " " + name
                    + " must not end in _total, which marks counters");
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                throw new IllegalArgumentException("metric name " + name + " must not end in "
                        + suffix + ", which histogram series use");
            }
        }
        return name;
    }

    private static String checkHelp(String name, String help) {
        Objects.requireNonNull(help, "help");
        if (help.isBlank() || !help.equals(help.strip())) {
            throw new IllegalArgumentException(name
                    + ": HELP text must be non-blank without leading or trailing whitespace");
        }
        return help;
    }

    private static List<String> checkLabelNames(String name, String[] labelNames) {
        Set<String> seen = new HashSet<>();
        for (String label : labelNames) {
            Objects.requireNonNull(label, "label name");
            if (!SNAKE_CASE.matcher(label).matches()) {
                throw new IllegalArgumentException(name + ": label name \"" + label
                        + "\" is not lower snake_case ASCII");
            }
            if (RESERVED_LABELS.contains(label)) {
                throw new IllegalArgumentException(name + ": label name " + label
                        + " is reserved for histograms and summaries");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException(name + ": label " + label + " appears twice");
            }
        }
        return List.of(labelNames);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSpec s && name.equals(s.name) && type == s.type
                && help.equals(s.help) && labelNames.equals(s.labelNames)
                && Objects.equals(buckets, s.buckets);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + " " + type.text() + " " + labelNames;
    }
}
