package io.flowstate.core.metrics;

/**
 * A registry with series of every {@link MetricNames} spec, each recorded into: what the
 * writer and promtool are checked on. A labelled family has two series, the first with
 * each label's value its name, recorded into once (a counter +7, a gauge +1, a histogram
 * 150 us, 2 s and 60 s), the second with values that need escaping, recorded into twice.
 * An unlabelled family has the first series only; its gauge is a callback returning
 * 1.764091234567E9.
 */
final class EveryMetric {
    private EveryMetric() {
    }

    static Metrics registry() {
        Metrics m = Metrics.create();
        for (MetricSpec spec : MetricNames.all()) {
            int seriesCount = spec.labelNames().isEmpty() ? 1 : 2;
            for (int series = 0; series < seriesCount; series++) {
                String[] values = new String[spec.labelNames().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = series == 0 ? spec.labelNames().get(i)
                            : "a \"quoted\"\\path\nwith é";
                }
                record(m, spec, values, series + 1);
            }
        }
        return m;
    }

    private static void record(Metrics m, MetricSpec spec, String[] values, int times) {
        switch (spec.type()) {
            case COUNTER -> m.counter(spec, values).add(times * 7L);
            case GAUGE -> {
                if (spec.labelNames().isEmpty()) {
                    m.callbackGauge(spec, () -> 1.764091234567E9, values);
                } else {
                    m.gauge(spec, values).add(times);
                }
            }
            case HISTOGRAM -> {
                Histogram h = m.histogram(spec, values);
                for (int i = 0; i < times; i++) {
                    h.observeNanos(150_000L);
                    h.observeNanos(2_000_000_000L);
                    h.observeNanos(60_000_000_000L);
                }
            }
        }
    }
}
