package io.flowstate.core.metrics;

/**
 * One gauge series that the code pushes up and down, resolved once by
 * {@link Metrics#gauge(MetricSpec, String...)}; for values that live elsewhere (endpoint
 * health, idle connections) register a callback with
 * {@link Metrics#callbackGauge} instead. Thread-safe; recording takes no lock and
 * allocates nothing once the gauge has seen its threads.
 */
public interface Gauge {
    /** Adds one. */
    void inc();

    /** Subtracts one. */
    void dec();

    /** Adds {@code delta}, which may be negative. */
    void add(long delta);

    /**
     * The value now. Not a snapshot across threads: while others record, a read may miss
     * their latest changes.
     */
    long value();
}
