package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exposition as written, byte for byte, and as read back by {@link Exposition}. */
class PrometheusTextTest {

    @Test
    void writesTheFormatExactly() {
        Metrics m = Metrics.create();
        MetricSpec requests = MetricSpec.counter("t_requests_total",
                "Requests \"all\" of them.\nSecond line \\ end.", "route", "code_class");
        MetricSpec latency = MetricSpec.histogram("t_latency_seconds", "Latency.",
                DurationBuckets.ofNanos(1_000_000, 250_000_000), "route");
        m.counter(requests, "web", "5xx").add(2);
        m.counter(requests, "api", "2xx").inc();
        m.counter(requests, "web", "2xx").add(10);
        m.callbackGauge(MetricSpec.gauge("t_up", "Up."), () -> 1.0);
        m.gauge(MetricSpec.gauge("t_in_flight", "In flight.", "route"), "web").add(3);
        Histogram h = m.histogram(latency, "web");
        h.observeNanos(500_000);
        h.observeNanos(1_000_000);
        h.observeNanos(3_000_000);
        h.observeNanos(2_000_000_000);

        assertEquals("""
                # HELP t_in_flight In flight.
                # TYPE t_in_flight gauge
                t_in_flight{route="web"} 3
                # HELP t_latency_seconds Latency.
                # TYPE t_latency_seconds histogram
                t_latency_seconds_bucket{route="web",le="0.001"} 2
                t_latency_seconds_bucket{route="web",le="0.25"} 3
                t_latency_seconds_bucket{route="web",le="+Inf"} 4
                t_latency_seconds_sum{route="web"} 2.0045
                t_latency_seconds_count{route="web"} 4
                # HELP t_requests_total Requests "all" of them.\\nSecond line \\\\ end.
                # TYPE t_requests_total counter
                t_requests_total{route="api",code_class="2xx"} 1
                t_requests_total{route="web",code_class="2xx"} 10
                t_requests_total{route="web",code_class="5xx"} 2
                # HELP t_up Up.
                # TYPE t_up gauge
                t_up 1
                """, PrometheusText.format(m));
    }

    @Test
    void anUnlabelledHistogramHasOnlyLe() {
        Metrics m = Metrics.create();
        m.histogram(MetricSpec.histogram("t_seconds", "T.", DurationBuckets.ofNanos(1_000)))
                .observeNanos(1);
        assertEquals("""
                # HELP t_seconds T.
                # TYPE t_seconds histogram
                t_seconds_bucket{le="0.000001"} 1
                t_seconds_bucket{le="+Inf"} 1
                t_seconds_sum 0.000000001
                t_seconds_count 1
                """, PrometheusText.format(m));
    }

    @Test
    void nothingToExportIsEmpty() {
        assertEquals("", PrometheusText.format(Metrics.create()));
        Metrics d = Metrics.disabled();
        d.counter(MetricNames.ACCESS_LOG_DROPPED).inc();
        assertEquals("", PrometheusText.format(d));
    }

    @Test
    void aFamilyWithoutSeriesIsLeftOut() {
        Metrics m = Metrics.create();
        m.counter(MetricNames.RATE_LIMITED, "web").inc();
        m.counter(MetricNames.ACCESS_LOG_DROPPED);
        m.remove(MetricNames.RATE_LIMITED, "web");
        assertEquals("""
                # HELP flowstate_access_log_dropped_total Access log lines dropped because the writer fell behind.
                # TYPE flowstate_access_log_dropped_total counter
                flowstate_access_log_dropped_total 0
                """, PrometheusText.format(m));
    }

    @Test
    void labelValuesAreEscaped() {
        Metrics m = Metrics.create();
        m.counter(MetricNames.RATE_LIMITED, "a\\b\"c\nd\re\tf é,}{=").inc();
        String text = PrometheusText.format(m);
        assertTrue(text.contains("{route=\"a\\\\b\\\"c\\nd\re\tf é,}{=\"} 1\n"), text);
        Exposition.Family f = Exposition.parse(text).get("flowstate_rate_limited_total");
        assertEquals("a\\b\"c\nd\re\tf é,}{=", f.samples().get(0).labels().get("route"));
    }

    @Test
    void numbersAreWhatPrometheusParses() {
        Map<Double, String> cases = Map.ofEntries(
                Map.entry(0.0, "0"), Map.entry(-0.0, "0"), Map.entry(1.0, "1"),
                Map.entry(-3.0, "-3"), Map.entry(2.5, "2.5"), Map.entry(1.764091234E9, "1764091234"),
                Map.entry(9007199254740991.0, "9007199254740991"),
                Map.entry(9007199254740992.0, "9.007199254740992E15"),
                Map.entry(1.0E-5, "1.0E-5"), Map.entry(Double.NaN, "NaN"),
                Map.entry(Double.POSITIVE_INFINITY, "+Inf"),
                Map.entry(Double.NEGATIVE_INFINITY, "-Inf"));
        for (Map.Entry<Double, String> c : cases.entrySet()) {
            String text = PrometheusText.formatDouble(c.getKey());
            assertEquals(c.getValue(), text, "for " + c.getKey());
            assertEquals(c.getKey() == 0 ? 0.0 : c.getKey(), Exposition.parseValue(text), text);
        }
    }

    @Test
    void theSumIsExactSeconds() {
        Metrics m = Metrics.create();
        Histogram h = m.histogram(MetricSpec.histogram("t_seconds", "T."));
        h.observeNanos(123_456_789_012L);
        h.observeNanos(1);
        Exposition.Family f = Exposition.parse(PrometheusText.format(m)).get("t_seconds");
        assertEquals("123.456789013", f.sample("t_seconds_sum", Map.of()).valueText());
    }

    @Test
    void aFailingCallbackFailsTheScrape() {
        Metrics m = Metrics.create();
        m.callbackGauge(MetricNames.POOL_PANIC, () -> {
            throw new IllegalStateException("pool gone");
        }, "web");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PrometheusText.format(m));
        assertEquals("pool gone", e.getMessage());
    }

    @Test
    void everyMetricReadsBackWithItsHelpTypeAndValues() {
        Metrics m = EveryMetric.registry();
        String text = PrometheusText.format(m);
        assertEquals(text, PrometheusText.format(m), "two scrapes of one state are identical");
        Map<String, Exposition.Family> families = Exposition.parse(text);

        List<String> expectedOrder = new ArrayList<>();
        MetricNames.all().forEach(s -> expectedOrder.add(s.name()));
        expectedOrder.sort(null);
        assertEquals(expectedOrder, List.copyOf(families.keySet()), "families sorted by name");

        String tricky = "a \"quoted\"\\path\nwith é";
        for (MetricSpec spec : MetricNames.all()) {
            Exposition.Family f = families.get(spec.name());
            assertEquals(spec.type().text(), f.type(), spec.name());
            assertEquals(spec.help(), f.help(), spec.name());
            switch (spec.type()) {
                case HISTOGRAM -> {
                    Exposition.checkHistogram(f);
                    Map<String, String> labels = labels(spec, null);
                    assertEquals(3.0, f.sample(spec.name() + "_count", labels).value());
                    assertEquals("62.00015", f.sample(spec.name() + "_sum", labels).valueText());
                    labels.put("le", "0.00025");
                    assertEquals(1.0, f.sample(spec.name() + "_bucket", labels).value());
                    labels.put("le", "30");
                    assertEquals(2.0, f.sample(spec.name() + "_bucket", labels).value());
                }
                case COUNTER -> {
                    if (!spec.labelNames().isEmpty()) {
                        assertEquals(14.0, f.sample(spec.name(), labels(spec, tricky)).value());
                    }
                    assertEquals(7.0, f.sample(spec.name(), labels(spec, null)).value());
                }
                case GAUGE -> {
                    double expected = spec.labelNames().isEmpty() ? 1.764091234567E9 : 1.0;
                    assertEquals(expected, f.sample(spec.name(), labels(spec, null)).value());
                }
            }
        }
    }

    /** The labels of {@link EveryMetric}'s series: each value its name, or all {@code value}. */
    private static Map<String, String> labels(MetricSpec spec, String value) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        spec.labelNames().forEach(n -> labels.put(n, value == null ? n : value));
        return labels;
    }

    @Test
    void theContentTypeIsVersion004() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", PrometheusText.CONTENT_TYPE);
    }
}
