package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Resolving, recording, callbacks, removal and the disabled stand-in. */
class MetricsTest {
    private static final String BACKEND = "127.0.0.1:9001";

    /** The label values of the series a family exports now, in export order. */
    static List<List<String>> series(Metrics m, MetricSpec spec) {
        Family f = m.registry().existing(spec.name());
        return f == null ? List.of() : f.sortedSeries().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void resolvingTheSameLabelsGivesTheSameHandle() {
        Metrics m = Metrics.create();
        Counter a = m.counter(MetricNames.REQUESTS, "web", "web", BACKEND, "GET", "2xx");
        Counter b = m.counter(MetricNames.REQUESTS, "web", "web", BACKEND, "GET", "2xx");
        Counter c = m.counter(MetricNames.REQUESTS, "web", "web", BACKEND, "GET", "5xx");
        assertSame(a, b);
        assertNotSame(a, c);
        a.inc();
        b.add(4);
        assertEquals(5, a.value());
        assertEquals(0, c.value());
    }

    @Test
    void theLabelArrayIsCopied() {
        Metrics m = Metrics.create();
        String[] values = {"web"};
        Gauge g = m.gauge(MetricNames.REQUESTS_IN_FLIGHT, values);
        values[0] = "api";
        assertSame(g, m.gauge(MetricNames.REQUESTS_IN_FLIGHT, "web"));
        assertEquals(List.of(List.of("web")), series(m, MetricNames.REQUESTS_IN_FLIGHT));
    }

    @Test
    void gaugesGoBothWays() {
        Gauge g = Metrics.create().gauge(MetricNames.REQUESTS_IN_FLIGHT, "web");
        g.inc();
        g.inc();
        g.dec();
        g.add(-5);
        assertEquals(-4, g.value());
    }

    @Test
    void countersOnlyGoUp() {
        Counter c = Metrics.create().counter(MetricNames.ACCESS_LOG_DROPPED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.add(-1));
        assertTrue(e.getMessage().contains("flowstate_access_log_dropped_total"), e.getMessage());
        assertEquals(0, c.value());
    }

    @Test
    void aBrokenContractNamesTheMetric() {
        Metrics m = Metrics.create();
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                () -> m.counter(MetricNames.REQUESTS, "web"));
        assertTrue(arity.getMessage().contains("flowstate_requests_total takes 5"), arity.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> m.histogram(MetricNames.REQUESTS_IN_FLIGHT, "web"));
        assertTrue(type.getMessage().contains("is a gauge, not a histogram"), type.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> m.gauge(MetricNames.REQUESTS_IN_FLIGHT, (String) null));
        assertTrue(nul.getMessage().contains("label route is null"), nul.getMessage());
    }

    @Test
    void aNameStandsForOneSpec() {
        Metrics m = Metrics.create();
        m.gauge(MetricSpec.gauge("x", "One.", "a"), "1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.gauge(MetricSpec.gauge("x", "Two.", "a"), "1"));
        assertTrue(e.getMessage().contains("x is already registered"), e.getMessage());
        m.gauge(MetricSpec.gauge("x", "One.", "a"), "2");   // an equal spec is the same family
        assertEquals(2, series(m, MetricSpec.gauge("x", "One.", "a")).size());
    }

    @Test
    void callbackGaugesAreReadWhenScrapedAndReplaced() {
        Metrics m = Metrics.create();
        AtomicInteger outstanding = new AtomicInteger(3);
        m.callbackGauge(MetricNames.ENDPOINT_OUTSTANDING_REQUESTS, outstanding::get, "web", BACKEND);
        Family f = m.registry().existing(MetricNames.ENDPOINT_OUTSTANDING_REQUESTS.name());
        CallbackGauge g = (CallbackGauge) f.sortedSeries().get(0).getValue();
        outstanding.set(7);
        assertEquals(7.0, g.read());
        m.callbackGauge(MetricNames.ENDPOINT_OUTSTANDING_REQUESTS, () -> 9, "web", BACKEND);
        assertEquals(1, f.sortedSeries().size());
        assertEquals(9.0, ((CallbackGauge) f.sortedSeries().get(0).getValue()).read());
    }

    @Test
    void aSeriesIsPushedOrCalledBackNotBoth() {
        Metrics m = Metrics.create();
        m.gauge(MetricNames.ENDPOINT_HEALTHY, "web", "a:1");
        m.callbackGauge(MetricNames.ENDPOINT_HEALTHY, () -> 1, "web", "b:1");
        IllegalStateException pushed = assertThrows(IllegalStateException.class,
                () -> m.callbackGauge(MetricNames.ENDPOINT_HEALTHY, () -> 1, "web", "a:1"));
        assertTrue(pushed.getMessage().contains(
                "flowstate_endpoint_healthy{pool=\"web\",backend=\"a:1\"} is a pushed gauge"),
                pushed.getMessage());
        IllegalStateException callback = assertThrows(IllegalStateException.class,
                () -> m.gauge(MetricNames.ENDPOINT_HEALTHY, "web", "b:1"));
        assertTrue(callback.getMessage().contains("is a callback gauge"), callback.getMessage());
    }

    @Test
    void aRemovedSeriesIsNoLongerExportedAndStartsAgainAtZero() {
        Metrics m = Metrics.create();
        Counter old = m.counter(MetricNames.UPSTREAM_CONNECTIONS_OPENED, "web", BACKEND);
        old.add(3);
        assertTrue(m.remove(MetricNames.UPSTREAM_CONNECTIONS_OPENED, "web", BACKEND));
        assertFalse(m.remove(MetricNames.UPSTREAM_CONNECTIONS_OPENED, "web", BACKEND));
        assertEquals(List.of(), series(m, MetricNames.UPSTREAM_CONNECTIONS_OPENED));
        old.inc();                                            // still works, unseen
        assertEquals(4, old.value());
        Counter again = m.counter(MetricNames.UPSTREAM_CONNECTIONS_OPENED, "web", BACKEND);
        assertNotSame(old, again);
        assertEquals(0, again.value());
    }

    @Test
    void removingAnUnknownSeriesIsFalse() {
        Metrics m = Metrics.create();
        assertFalse(m.remove(MetricNames.UPSTREAM_CONNECTIONS_OPENED, "web", BACKEND));
        assertThrows(IllegalArgumentException.class,
                () -> m.remove(MetricNames.UPSTREAM_CONNECTIONS_OPENED, "web"));
    }

    @Test
    void removeMatchingDropsAnEndpointFromEveryFamily() {
        Metrics m = Metrics.create();
        m.counter(MetricNames.REQUESTS, "web", "web", BACKEND, "GET", "2xx").inc();
        m.counter(MetricNames.REQUESTS, "web", "web", BACKEND, "GET", "5xx").inc();
        m.counter(MetricNames.REQUESTS, "web", "web", "127.0.0.1:9002", "GET", "2xx").inc();
        m.counter(MetricNames.REQUESTS, "api", "api", BACKEND, "GET", "2xx").inc();
        m.histogram(MetricNames.UPSTREAM_TTFB, "web", BACKEND).observeNanos(1);
        m.callbackGauge(MetricNames.ENDPOINT_HEALTHY, () -> 1, "web", BACKEND);
        m.gauge(MetricNames.REQUESTS_IN_FLIGHT, "web").inc();

        int removed = m.removeMatching(Map.of(Labels.POOL, "web", Labels.BACKEND, BACKEND));

        assertEquals(4, removed);
        assertEquals(List.of(List.of("api", "api", BACKEND, "GET", "2xx"),
                        List.of("web", "web", "127.0.0.1:9002", "GET", "2xx")),
                series(m, MetricNames.REQUESTS));
        assertEquals(List.of(), series(m, MetricNames.UPSTREAM_TTFB));
        assertEquals(List.of(), series(m, MetricNames.ENDPOINT_HEALTHY));
        assertEquals(List.of(List.of("web")), series(m, MetricNames.REQUESTS_IN_FLIGHT));
        assertThrows(IllegalArgumentException.class, () -> m.removeMatching(Map.of()));
    }

    @Test
    void seriesAreOrderedByLabelValues() {
        Metrics m = Metrics.create();
        m.counter(MetricNames.UPSTREAM_RETRIES, "b", "x");
        m.counter(MetricNames.UPSTREAM_RETRIES, "a", "z");
        m.counter(MetricNames.UPSTREAM_RETRIES, "a", "y");
        assertEquals(List.of(List.of("a", "y"), List.of("a", "z"), List.of("b", "x")),
                series(m, MetricNames.UPSTREAM_RETRIES));
    }

    @Test
    void disabledHandsOutNoOpsButStillChecks() {
        Metrics d = Metrics.disabled();
        assertSame(d, Metrics.disabled());
        assertFalse(d.enabled());
        assertTrue(Metrics.create().enabled());
        Counter c = d.counter(MetricNames.ACCESS_LOG_DROPPED);
        c.inc();
        c.add(5);
        assertEquals(0, c.value());
        Gauge g = d.gauge(MetricNames.REQUESTS_IN_FLIGHT, "web");
        g.inc();
        assertEquals(0, g.value());
        Histogram h = d.histogram(MetricNames.REQUEST_DURATION, "web");
        h.observeNanos(1_000);
        assertEquals(0, h.count());
        assertEquals(0, h.sumNanos());
        d.callbackGauge(MetricNames.POOL_PANIC, () -> 1, "web");
        assertFalse(d.remove(MetricNames.POOL_PANIC, "web"));
        assertEquals(0, d.removeMatching(Map.of(Labels.POOL, "web")));
        assertEquals(List.of(), d.registry().sortedFamilies());
        assertThrows(IllegalArgumentException.class, () -> d.counter(MetricNames.REQUESTS, "web"));
        assertThrows(IllegalArgumentException.class, () -> d.gauge(MetricNames.REQUESTS, "a", "b",
                "c", "d", "e"));
    }
}
