package io.flowstate.core.health;

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

    /** Logs each event as one line on {@code System.Logger} {@code io.flowstate.health}. */
    static HealthListener log() {
        System.Logger log = System.getLogger("io.flowstate.health");
        return e -> log.log(switch (e.kind()) {
            case HEALTHY, RETURNED, BREAKER_CLOSED, PANIC_LEFT, BREAKER_HALF_OPENED -> System.Logger.Level.INFO;
            default -> System.Logger.Level.WARNING;
        }, e.toString());
    }

    /** This listener, then {@code next}. */
    default HealthListener andThen(HealthListener next) {
        return e -> {
            on(e);
            next.on(e);
        };
    }
}
