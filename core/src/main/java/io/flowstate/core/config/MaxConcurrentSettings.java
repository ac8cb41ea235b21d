package io.flowstate.core.config;

/**
 * The options of a {@code maxConcurrent} filter. JSON: {@code {"type": "maxConcurrent", "max": 100}}.
 *
 * @param max the most requests in flight through the filter at once, 1 to {@link #MAX_MAX}; required
 */
public record MaxConcurrentSettings(int max) implements FilterSettings {

    /** Requests. */
    public static final int MAX_MAX = 1_000_000;

    public MaxConcurrentSettings {
        if (max < 1 || max > MAX_MAX) {
            throw new IllegalArgumentException("max must be between 1 and " + MAX_MAX + ", got " + max);
        }
    }
}
