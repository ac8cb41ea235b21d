package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** What the writer writes, {@link Exposition} reads back unchanged, whatever the text. */
class PrometheusTextPropertyTest {

    /** Text heavy in what needs escaping or could end a token, and any UTF-16 at all. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars("\\\"\n\r\t ,={}#le+")
                .withCharRange('a', 'c')
                .withChars("é€\u2028\uD83D\uDE00")
                .ofMaxLength(12);
        return Arbitraries.oneOf(tricky, Arbitraries.strings().all().ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> help() {
        return text().map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Durations on, next to and between the default bounds, and negative ones. */
    @Provide
    Arbitrary<Long> nanos() {
        DurationBuckets d = DurationBuckets.DEFAULT;
        Arbitrary<Long> bound = Arbitraries.integers().between(0, d.size() - 1)
                .flatMap(i -> Arbitraries.of(-1L, 0L, 1L).map(delta -> d.upperBoundNanos(i) + delta));
        return Arbitraries.oneOf(bound, Arbitraries.longs().between(-1_000, 40_000_000_000L),
                Arbitraries.longs().between(Long.MIN_VALUE, 0));
    }

    @Property
    void labelValuesRoundTrip(@ForAll("text") String a, @ForAll("text") String b,
                              @ForAll @LongRange(max = 1_000_000) long n) {
        Metrics m = Metrics.create();
        MetricSpec spec = MetricSpec.counter("p_total", "P.", "x", "y");
        m.counter(spec, a, b).add(n);
        Exposition.Family f = Exposition.parse(PrometheusText.format(m)).get("p_total");
        assertEquals(1, f.samples().size());
        assertEquals(Map.of("x", a, "y", b), f.samples().get(0).labels());
        assertEquals((double) n, f.samples().get(0).value());
    }

    @Property
    void everySeriesAppearsOnceInLabelOrder(@ForAll List<@From("text") String> values) {
        Metrics m = Metrics.create();
        MetricSpec spec = MetricSpec.gauge("p", "P.", "x");
        values.forEach(v -> m.gauge(spec, v).inc());
        Exposition.Family f = Exposition.parse(PrometheusText.format(m)).get("p");
        List<String> written = f == null ? List.of()
                : f.samples().stream().map(s -> s.labels().get("x")).toList();
        assertEquals(List.copyOf(new TreeSet<>(values)), written);
    }

    @Property
    void helpRoundTrips(@ForAll("help") String help) {
        Metrics m = Metrics.create();
        m.counter(MetricSpec.counter("p_total", help)).inc();
        assertEquals(help, Exposition.parse(PrometheusText.format(m)).get("p_total").help());
    }

    @Property
    void histogramBucketsCountWhatIsAtOrBelowTheirBound(@ForAll List<@From("nanos") Long> observed) {
        Metrics m = Metrics.create();
        Histogram h = m.histogram(MetricSpec.histogram("p_seconds", "P."));
        observed.forEach(h::observeNanos);
        Exposition.Family f = Exposition.parse(PrometheusText.format(m)).get("p_seconds");
        if (observed.isEmpty()) {
            assertEquals(List.of(), f.samples().stream().filter(s -> s.value() != 0).toList());
        }
        Exposition.checkHistogram(f);
        DurationBuckets d = DurationBuckets.DEFAULT;
        for (int i = 0; i < d.size(); i++) {
            long bound = d.upperBoundNanos(i);
            long expected = observed.stream().filter(v -> Math.max(0, v) <= bound).count();
            assertEquals((double) expected,
                    f.sample("p_seconds_bucket", Map.of("le", d.leLabel(i))).value(), "le " + bound);
        }
        assertEquals((double) observed.size(),
                f.sample("p_seconds_bucket", Map.of("le", "+Inf")).value());
        long sumNanos = observed.stream().mapToLong(v -> Math.max(0, v)).sum();
        assertEquals(0, BigDecimal.valueOf(sumNanos, 9)
                .compareTo(new BigDecimal(f.sample("p_seconds_sum", Map.of()).valueText())));
        assertEquals((double) observed.size(), f.sample("p_seconds_count", Map.of()).value());
    }
}
