package io.flowstate.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A circuit breaker per endpoint. JSON: a pool's {@code "circuitBreaker"}; off when absent.
 *
 * <p>A failure is a local-origin failure or a 5xx answer. Closed, the breaker opens when,
 * over the last {@code window}, at least {@code minimumRequests} tries ended and at least
 * {@code failureRatio} of them failed. Open, it admits nothing for {@code openFor}, then
 * half-opens: it admits {@code halfOpenRequests} trial tries; if they all succeed it closes,
 * the first failure opens it again. Independently of the state it admits at most
 * {@code maxConcurrent} tries in flight to its endpoint.
 *
 * @param window           default {@link #DEFAULT_WINDOW} (10 s), counted in 10 buckets
 * @param failureRatio     greater than 0, at most 1; default {@value #DEFAULT_FAILURE_RATIO}
 * @param minimumRequests  default {@value #DEFAULT_MINIMUM_REQUESTS}
 * @param openFor          default {@link #DEFAULT_OPEN_FOR} (5 s)
 * @param halfOpenRequests default {@value #DEFAULT_HALF_OPEN_REQUESTS}
 * @param maxConcurrent    0 means no cap (the default)
 */
public record BreakerConfig(Duration window, double failureRatio, int minimumRequests, Duration openFor,
                            int halfOpenRequests, int maxConcurrent) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final double DEFAULT_FAILURE_RATIO = 0.5;
    public static final int DEFAULT_MINIMUM_REQUESTS = 20;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(5);
    public static final int DEFAULT_HALF_OPEN_REQUESTS = 3;
    public static final BreakerConfig DEFAULT = new BreakerConfig(DEFAULT_WINDOW, DEFAULT_FAILURE_RATIO,
            DEFAULT_MINIMUM_REQUESTS, DEFAULT_OPEN_FOR, DEFAULT_HALF_OPEN_REQUESTS, 0);

    public BreakerConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(openFor, "openFor");
        if (!(failureRatio > 0 && failureRatio <= 1)) {
            throw new IllegalArgumentException("failureRatio " + failureRatio + " is outside (0, 1]");
        }
        if (minimumRequests < 1 || halfOpenRequests < 1 || maxConcurrent < 0) {
            throw new IllegalArgumentException("minimumRequests and halfOpenRequests must be at least 1");
        }
    }
}
