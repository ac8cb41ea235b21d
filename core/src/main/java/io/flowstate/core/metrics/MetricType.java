package io.flowstate.core.metrics;

/**
 * The kind of a metric family, as the Prometheus text format names it in its
 * {@code # TYPE} line.
 */
public enum MetricType {
    /** A value that only goes up (or resets to zero when the process restarts). */
    COUNTER("counter"),
    /** A value that goes up and down, or is read from live state when scraped. */
    GAUGE("gauge"),
    /** Observations counted into fixed buckets, with their sum and count. */
    HISTOGRAM("histogram");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    /** The word of the {@code # TYPE} line: {@code counter}, {@code gauge}, {@code histogram}. */
    public String text() {
        return text;
    }
}
