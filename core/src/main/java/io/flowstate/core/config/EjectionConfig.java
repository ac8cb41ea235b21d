package io.flowstate.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an ejected endpoint stays out, shared by passive health and outlier detection.
 * JSON: {@code "health": {"ejection": {...}}}.
 *
 * <p>The n-th ejection in a row lasts {@code min(base * n, max)} (Envoy's
 * {@code base_ejection_time} growth); the count falls back to zero once an endpoint has
 * stayed in for {@code max} since it last returned. An endpoint that returns is on
 * probation: its first failure ejects it again, its first success ends the probation.
 *
 * @param base       default {@link #DEFAULT_BASE} (10 s, nginx's {@code fail_timeout})
 * @param max        default {@link #DEFAULT_MAX} (300 s, Envoy's default)
 * @param maxPercent at most this share of a pool's endpoints is ejected at once, and never
 *                   all of them: a pool of one is never emptied by ejection; 1 to 100,
 *                   default {@value #DEFAULT_MAX_PERCENT}
 */
public record EjectionConfig(Duration base, Duration max, int maxPercent) {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_PERCENT = 50;
    public static final EjectionConfig DEFAULT = new EjectionConfig(DEFAULT_BASE, DEFAULT_MAX, DEFAULT_MAX_PERCENT);

    public EjectionConfig {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max " + max + " is less than base " + base);
        }
        if (maxPercent < 1 || maxPercent > 100) {
            throw new IllegalArgumentException("maxPercent " + maxPercent + " is outside 1..100");
        }
    }
}
