package io.flowstate.core.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Where FlowState records its metrics, and what {@link PrometheusText} writes out. One
 * instance lives as long as the process: config reloads keep it, and the series of
 * routes and endpoints that stay keep counting.
 *
 * <p><b>Resolving</b> ({@link #counter}, {@link #gauge(MetricSpec, String...)},
 * {@link #histogram}) finds or creates one series of a family and returns its handle.
 * It is idempotent (the same labels give the same handle), thread-safe, and may lock and
 * allocate, so it belongs where a config snapshot is built, once per route, endpoint and
 * label combination, never per request:
 * <pre>{@code
 * Counter ok = metrics.counter(MetricNames.REQUESTS, "web", "web", "127.0.0.1:9001", "GET", "2xx");
 * Histogram ttfb = metrics.histogram(MetricNames.UPSTREAM_TTFB, "web", "127.0.0.1:9001");
 * }</pre>
 *
 * <p><b>Recording</b> through a handle ({@code ok.inc()}, {@code ttfb.observeNanos(d)})
 * is the request path's part: no lock, and no allocation once the handle's
 * {@link java.util.concurrent.atomic.LongAdder}s have grown a cell per contending thread.
 *
 * <p><b>Callback gauges</b> ({@link #callbackGauge}) are read when scraped, so state that
 * lives elsewhere (endpoint health, breaker state, idle connections) needs no pushing.
 *
 * <p><b>Removing</b>: a reload that drops a route or endpoint removes its series with
 * {@link #remove} or {@link #removeMatching} once the old snapshot has drained. Removal
 * only stops exporting: a handle still held keeps working, its counts unseen. Resolving
 * the same labels again starts a new series at zero, which Prometheus reads as a counter
 * reset. A callback gauge is held, with whatever its supplier reaches, until removed.
 *
 * <p>Every method checks its spec and label values the same way whether enabled or
 * {@link #disabled()}, and fails with a message naming the metric: the wrong type, the
 * wrong number of label values, a null value, or a spec whose name is already taken by a
 * different spec.
 */
public final class Metrics {
    private static final Metrics DISABLED = new Metrics(false);

    private final Registry registry = new Registry();
    private final boolean enabled;

    private Metrics(boolean enabled) {
        this.enabled = enabled;
    }

    /** A new, empty registry that records and exports. */
    public static Metrics create() {
        return new Metrics(true);
    }

    /**
     * The stand-in for code that runs without metrics: handles whose recording does
     * nothing (not even check its argument) and whose reads return 0, and nothing to
     * export, so callers never test for null.
     */
    public static Metrics disabled() {
        return DISABLED;
    }

    /** False for {@link #disabled()}. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The counter series of {@code spec} with these label values, created at 0 if absent.
     *
     * @param labelValues one per {@link MetricSpec#labelNames()}, in that order; any text
     */
    public Counter counter(MetricSpec spec, String... labelValues) {
        spec.checkSeries(MetricType.COUNTER, labelValues);
        if (!enabled) {
            return NoopHandle.INSTANCE;
        }
        return (CounterCell) registry.family(spec)
                .resolve(labelValues, () -> new CounterCell(spec.name()));
    }

    /**
     * The pushed gauge series of {@code spec} with these label values, created at 0 if
     * absent.
     *
     * @throws IllegalStateException when the series is a callback gauge
     */
    public Gauge gauge(MetricSpec spec, String... labelValues) {
        spec.checkSeries(MetricType.GAUGE, labelValues);
        if (!enabled) {
            return NoopHandle.INSTANCE;
        }
        Family family = registry.family(spec);
        if (family.resolve(labelValues, GaugeCell::new) instanceof GaugeCell g) {
            return g;
        }
        throw new IllegalStateException(family.describe(List.of(labelValues))
                + " is a callback gauge; it cannot also be pushed");
    }

    /** The histogram series of {@code spec} with these label values, created empty if absent. */
    public Histogram histogram(MetricSpec spec, String... labelValues) {
        spec.checkSeries(MetricType.HISTOGRAM, labelValues);
        if (!enabled) {
            return NoopHandle.INSTANCE;
        }
        return (HistogramCell) registry.family(spec)
                .resolve(labelValues, () -> new HistogramCell(spec.buckets()));
    }

    /**
     * Makes the gauge series of {@code spec} with these label values read {@code value}
     * at every scrape, replacing an earlier callback of that series (a reload hands over
     * to the new snapshot's state this way).
     *
     * @param value called on the scraping thread, concurrently with the request path: it
     *              must be thread-safe, cheap and non-blocking; what it throws fails the
     *              scrape. An integral result is written without a fraction.
     * @throws IllegalStateException when the series is a pushed gauge
     */
    public void callbackGauge(MetricSpec spec, DoubleSupplier value, String... labelValues) {
        spec.checkSeries(MetricType.GAUGE, labelValues);
        Objects.requireNonNull(value, "value");
        if (enabled) {
            registry.family(spec).putCallback(labelValues, new CallbackGauge(value));
        }
    }

    /**
     * Stops exporting one series. Handles to it still work but are no longer seen.
     *
     * @return whether the series was there
     */
    public boolean remove(MetricSpec spec, String... labelValues) {
        spec.checkSeries(spec.type(), labelValues);
        Family family = registry.existing(spec.name());
        return family != null && family.spec().equals(spec) && family.remove(labelValues);
    }

    /**
     * Stops exporting, in every family, each series whose labels include all of
     * {@code labels}: {@code Map.of(Labels.POOL, "web", Labels.BACKEND, "127.0.0.1:9001")}
     * removes that endpoint's series from every family labelled by pool and backend.
     * Families that lack one of the label names are left alone.
     *
     * @param labels at least one label name and value
     * @return how many series were removed
     */
    public int removeMatching(Map<String, String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("removeMatching needs at least one label");
        }
        return enabled ? registry.removeMatching(labels) : 0;
    }

    /** What the writer reads. */
    Registry registry() {
        return registry;
    }
}
