package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The Prometheus conventions a spec enforces when it is made. */
class MetricSpecTest {

    private static void rejected(String expectedInMessage, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void keepsWhatItWasGiven() {
        MetricSpec s = MetricSpec.counter("x_requests_total", "Requests.", "route", "code_class");
        assertEquals("x_requests_total", s.name());
        assertEquals(MetricType.COUNTER, s.type());
        assertEquals("Requests.", s.help());
        assertEquals(List.of("route", "code_class"), s.labelNames());
        assertEquals(DurationBuckets.DEFAULT, MetricSpec.histogram("x_seconds", "H.").buckets());
    }

    @Test
    void namesAreLowerSnakeCase() {
        rejected("snake_case", () -> MetricSpec.gauge("xRequests", "H."));
        rejected("snake_case", () -> MetricSpec.gauge("x:requests", "H."));
        rejected("snake_case", () -> MetricSpec.gauge("_x", "H."));
        rejected("snake_case", () -> MetricSpec.gauge("x__y", "H."));
        rejected("snake_case", () -> MetricSpec.gauge("x_", "H."));
        rejected("snake_case", () -> MetricSpec.gauge("1x", "H."));
        rejected("snake_case", () -> MetricSpec.gauge("x", "H.", "Route"));
        rejected("snake_case", () -> MetricSpec.gauge("x", "H.", "__name"));
    }

    @Test
    void countersAndOnlyCountersEndInTotal() {
        rejected("must end in _total", () -> MetricSpec.counter("x_requests", "H."));
        rejected("must not end in _total", () -> MetricSpec.gauge("x_total", "H."));
        rejected("must not end in _total", () -> MetricSpec.histogram("x_total", "H."));
    }

    @Test
    void histogramSuffixesAndLabelsAreReserved() {
        rejected("_count", () -> MetricSpec.gauge("x_count", "H."));
        rejected("_sum", () -> MetricSpec.histogram("x_sum", "H."));
        rejected("_bucket", () -> MetricSpec.gauge("x_bucket", "H."));
        rejected("reserved", () -> MetricSpec.histogram("x_seconds", "H.", "le"));
        rejected("reserved", () -> MetricSpec.gauge("x", "H.", "quantile"));
    }

    @Test
    void labelsAreDistinctAndHelpIsClean() {
        rejected("appears twice", () -> MetricSpec.gauge("x", "H.", "a", "b", "a"));
        rejected("HELP", () -> MetricSpec.gauge("x", " "));
        rejected("HELP", () -> MetricSpec.gauge("x", " leading"));
        rejected("HELP", () -> MetricSpec.gauge("x", "trailing\n"));
    }

    @Test
    void onlyHistogramsHaveBuckets() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MetricSpec.gauge("x", "H.").buckets());
        assertTrue(e.getMessage().contains("x is a gauge"), e.getMessage());
    }

    @Test
    void equalWhenEveryPartIs() {
        assertEquals(MetricSpec.gauge("x", "H.", "a"), MetricSpec.gauge("x", "H.", "a"));
        assertNotEquals(MetricSpec.gauge("x", "H.", "a"), MetricSpec.gauge("x", "H.", "b"));
        assertNotEquals(MetricSpec.gauge("x", "H.", "a"), MetricSpec.gauge("x", "Other.", "a"));
        assertNotEquals(MetricSpec.histogram("x", "H."),
                MetricSpec.histogram("x", "H.", DurationBuckets.ofNanos(1)));
    }

    @Test
    void seriesChecksNameTheMetric() {
        MetricSpec s = MetricSpec.counter("x_total", "H.", "a", "b");
        rejected("x_total is a counter, not a gauge",
                () -> s.checkSeries(MetricType.GAUGE, new String[] {"1", "2"}));
        rejected("x_total takes 2 label values [a, b], got 1",
                () -> s.checkSeries(MetricType.COUNTER, new String[] {"1"}));
        rejected("x_total: value of label b is null",
                () -> s.checkSeries(MetricType.COUNTER, new String[] {"1", null}));
    }

    @Test
    void bucketBoundsRiseFromAboveZero() {
        rejected("at least one", DurationBuckets::ofNanos);
        rejected("bound 0", () -> DurationBuckets.ofNanos(0));
        rejected("bound 2", () -> DurationBuckets.ofNanos(1, 5, 5));
        long[] given = {1, 2};
        DurationBuckets b = DurationBuckets.ofNanos(given);
        given[0] = 7;
        assertEquals(1, b.upperBoundNanos(0), "the bounds are copied");
    }

    @Test
    void defaultBucketsAreDocumentedSeconds() {
        DurationBuckets d = DurationBuckets.DEFAULT;
        String[] expected = {"0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01",
            "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30"};
        assertEquals(expected.length, d.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], d.leLabel(i));
            assertEquals(new java.math.BigDecimal(expected[i]).movePointRight(9).longValueExact(),
                    d.upperBoundNanos(i));
        }
    }
}
