package io.flowstate.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the proxy waits, each strictly positive but {@code drainGrace}. JSON:
 * {@code "timeouts"}, each key optional, written as a duration string ({@link Durations}).
 *
 * @param connect        opening a TCP connection to a backend; default 1s
 * @param responseHeader from the request sent until the backend's response head arrives; default 10s
 * @param request        the whole exchange, all tries included; default 30s
 * @param idle           an idle client or pooled backend connection is closed after this; default 60s
 * @param drain          on shutdown or reload, in-flight requests get this long to finish; default 10s
 * @param drainGrace     when a drain begins, the proxy keeps accepting and serving this long while
 *                       {@code /readyz} says 503, so that load balancers polling readiness move away
 *                       before the listener closes (Envoy's drain time, Traefik's
 *                       {@code requestAcceptGraceTimeout}); then {@code drain} begins; zero or more,
 *                       default {@link #DEFAULT_DRAIN_GRACE} (0s: stop accepting at once)
 */
public record Timeouts(Duration connect, Duration responseHeader, Duration request, Duration idle, Duration drain,
                       Duration drainGrace) {

    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ZERO;
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10), DEFAULT_DRAIN_GRACE);

    /** Timeouts with the default {@code drainGrace}. */
    public Timeouts(Duration connect, Duration responseHeader, Duration request, Duration idle, Duration drain) {
        this(connect, responseHeader, request, idle, drain, DEFAULT_DRAIN_GRACE);
    }

    public Timeouts {
        positive(connect, "connect");
        positive(responseHeader, "responseHeader");
        positive(request, "request");
        positive(idle, "idle");
        positive(drain, "drain");
        Objects.requireNonNull(drainGrace, "drainGrace");
        if (drainGrace.isNegative()) {
            throw new IllegalArgumentException("drainGrace must not be negative, got " + drainGrace);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be greater than 0, got " + d);
        }
    }
}
