package io.flowstate.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Active health checking of a pool's endpoints: an HTTP probe on its own schedule.
 * JSON: {@code "health": {"active": {...}}}; off when absent.
 *
 * <p>Initial state: with {@code initial} {@code "healthy"} (the default) a new endpoint
 * takes traffic before its first probe; with {@code "unhealthy"} it waits for one. Either
 * way the first probe result decides the state at once, without the thresholds; from
 * then on {@code healthyThreshold} consecutive passes make an unhealthy endpoint healthy
 * and {@code unhealthyThreshold} consecutive failures the reverse.
 *
 * @param path               the request-target of the probe; default {@value #DEFAULT_PATH}
 * @param interval           time from the start of one probe to the start of the next;
 *                           default {@link #DEFAULT_INTERVAL} (5 s)
 * @param timeout            a probe without a complete status line by then fails; less than
 *                           or equal to {@code interval}; default {@link #DEFAULT_TIMEOUT} (1 s)
 * @param expectedStatusMin  the lowest status that passes; default 200
 * @param expectedStatusMax  the highest status that passes; default 399
 *                           (JSON: {@code "expectedStatus": "200-399"} or {@code "200"})
 * @param healthyThreshold   default {@value #DEFAULT_HEALTHY_THRESHOLD}
 * @param unhealthyThreshold default {@value #DEFAULT_UNHEALTHY_THRESHOLD}
 * @param startHealthy       {@code "initial"}: whether an endpoint takes traffic before its first probe
 */
public record ActiveCheckConfig(String path, Duration interval, Duration timeout, int expectedStatusMin,
                                int expectedStatusMax, int healthyThreshold, int unhealthyThreshold,
                                boolean startHealthy) {

    public static final String DEFAULT_PATH = "/";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    public static final int MAX_THRESHOLD = 100;

    public ActiveCheckConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (expectedStatusMin < 100 || expectedStatusMax > 599 || expectedStatusMin > expectedStatusMax) {
            throw new IllegalArgumentException("expected status " + expectedStatusMin + "-" + expectedStatusMax);
        }
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1");
        }
    }

    /** Whether {@code status} passes the probe. */
    public boolean passes(int status) {
        return status >= expectedStatusMin && status <= expectedStatusMax;
    }

    /** Probing {@code path} with every other option at its default. */
    public static ActiveCheckConfig of(String path) {
        return new ActiveCheckConfig(path, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, 200, 399,
                DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD, true);
    }
}
