package io.flowstate.core.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The families of one {@link Metrics}, by name. A family is created the first time one
 * of its series is resolved, and a name stands for one spec for the registry's life.
 * Series names cannot collide across families: no spec may end in {@code _bucket},
 * {@code _sum} or {@code _count}, the suffixes a histogram's series take
 * ({@link MetricSpec}).
 */
final class Registry {
    private final ConcurrentHashMap<String, Family> families = new ConcurrentHashMap<>();

    /**
     * The family of {@code spec}, created if absent.
     *
     * @throws IllegalArgumentException when the name is taken by a different spec
     */
    Family family(MetricSpec spec) {
        Family f = families.computeIfAbsent(spec.name(), n -> new Family(spec));
        if (!f.spec().equals(spec)) {
            throw new IllegalArgumentException("metric " + spec.name()
                    + " is already registered as " + f.spec() + " with other HELP text, labels"
                    + " or buckets; a name stands for one spec");
        }
        return f;
    }

    /** The family named {@code name}, or null when none of its series was ever resolved. */
    Family existing(String name) {
        return families.get(name);
    }

    /** Every family, ordered by name. */
    List<Family> sortedFamilies() {
        List<Family> all = new ArrayList<>(families.values());
        all.sort(Comparator.comparing(f -> f.spec().name()));
        return all;
    }

    /** Removes, from every family, the series whose labels include all of {@code labels}. */
    int removeMatching(Map<String, String> labels) {
        int removed = 0;
        for (Family f : families.values()) {
            removed += f.removeMatching(labels);
        }
        return removed;
    }
}
