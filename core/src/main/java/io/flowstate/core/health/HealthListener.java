package io.flowstate.core.health;

import io.flowstate.core.log.EventLog;

/**
 * Receives every {@link HealthEvent}. Called on the thread that caused the transition
 * (a request's, or the health checker's) while the pool's health state is locked, so it
 * must be quick and must not call back into the pool.
 */
@FunctionalInterface
public interface HealthListener {

    void on(HealthEvent event);

    /** Ignores every event (tests that do not look). */
    static HealthListener none() {
        return e -> { };
    }

    /** {@link #log(EventLog)} on the process's {@link EventLog#stderr()}. */
    static HealthListener log() {
        return log(EventLog.stderr());
    }

    /**
     * Logs each event as one structured line: {@code event} is the kind in lower case
     * ({@code "ejected"}, {@code "breaker_opened"}), with {@code pool}, {@code endpoint} (left
     * out for a pool-wide event) and {@code reason}; level {@code info} for a recovery
     * ({@code healthy}, {@code returned}, {@code breaker_half_opened}, {@code breaker_closed},
     * {@code panic_left}), {@code warn} for the rest.
     */
    static HealthListener log(EventLog log) {
        return e -> log.log(switch (e.kind()) {
            case HEALTHY, RETURNED, BREAKER_CLOSED, PANIC_LEFT, BREAKER_HALF_OPENED -> EventLog.Level.INFO;
            default -> EventLog.Level.WARN;
        }, e.kind().name().toLowerCase(java.util.Locale.ROOT),
                "pool", e.pool(), "endpoint", e.endpoint(), "reason", e.reason());
    }

    /** This listener, then {@code next}. */
    default HealthListener andThen(HealthListener next) {
        return e -> {
            on(e);
            next.on(e);
        };
    }
}
