package io.flowstate.core.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A metric family's series, keyed by their label values. Thread-safe: series are
 * resolved, replaced and removed concurrently with recording and scraping.
 */
final class Family {
    /** Orders series by their label values, one by one, so that scrapes are deterministic. */
    private static final Comparator<List<String>> BY_LABEL_VALUES = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final MetricSpec spec;
    private final ConcurrentHashMap<List<String>, Child> children = new ConcurrentHashMap<>();

    Family(MetricSpec spec) {
        this.spec = spec;
    }

    MetricSpec spec() {
        return spec;
    }

    /** The series with these (checked) label values, created by {@code create} if absent. */
    Child resolve(String[] labelValues, Supplier<Child> create) {
        return children.computeIfAbsent(List.of(labelValues), k -> create.get());
    }

    /**
     * Sets the callback gauge with these (checked) label values, replacing an earlier
     * callback.
     *
     * @throws IllegalStateException when the series is a pushed gauge
     */
    void putCallback(String[] labelValues, CallbackGauge gauge) {
        children.compute(List.of(labelValues), (key, old) -> {
            if (old != null && !(old instanceof CallbackGauge)) {
                throw new IllegalStateException(describe(key)
                        + " is a pushed gauge; it cannot also be read from a callback");
            }
            return gauge;
        });
    }

    /** Removes one series; true when it was there. */
    boolean remove(String[] labelValues) {
        return children.remove(List.of(labelValues)) != null;
    }

    /**
     * Removes every series whose labels include all of {@code labels}; returns how many.
     * A family lacking one of the label names has no such series.
     */
    int removeMatching(Map<String, String> labels) {
        List<String> names = spec.labelNames();
        int[] index = new int[labels.size()];
        String[] value = new String[labels.size()];
        int k = 0;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            index[k] = names.indexOf(e.getKey());
            if (index[k] < 0) {
                return 0;
            }
            value[k++] = e.getValue();
        }
        int removed = 0;
        for (List<String> key : children.keySet()) {
            if (matches(key, index, value) && children.remove(key) != null) {
                removed++;
            }
        }
        return removed;
    }

    /** The series as PromQL would select it, for messages: {@code name{a="x",b="y"}}. */
    String describe(List<String> labelValues) {
        StringBuilder b = new StringBuilder(spec.name()).append('{');
        for (int i = 0; i < labelValues.size(); i++) {
            b.append(i == 0 ? "" : ",").append(spec.labelNames().get(i)).append("=\"")
                    .append(labelValues.get(i)).append('"');
        }
        return b.append('}').toString();
    }

    private static boolean matches(List<String> key, int[] index, String[] value) {
        for (int i = 0; i < index.length; i++) {
            if (!key.get(index[i]).equals(value[i])) {
                return false;
            }
        }
        return true;
    }

    /** The series present now, ordered by label values. */
    List<Map.Entry<List<String>, Child>> sortedSeries() {
        List<Map.Entry<List<String>, Child>> series = new ArrayList<>(children.size());
        for (Map.Entry<List<String>, Child> e : children.entrySet()) {
            series.add(Map.entry(e.getKey(), e.getValue()));
        }
        series.sort(Map.Entry.comparingByKey(BY_LABEL_VALUES));
        return series;
    }
}
