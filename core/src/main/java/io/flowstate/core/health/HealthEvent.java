package io.flowstate.core.health;

import java.util.Objects;

/**
 * One state transition of an endpoint or a pool: logged with its reason, counted, and
 * shown by the admin API.
 *
 * @param pool     the pool's name
 * @param endpoint the endpoint's {@code host:port}, or null for a pool-wide event (panic)
 * @param kind     what changed
 * @param reason   why, in a few words ({@code "3 consecutive probe failures: connect refused"})
 * @param atNanos  when, on the pool's ticker
 */
public record HealthEvent(String pool, String endpoint, Kind kind, String reason, long atNanos) {

    /** The transitions. */
    public enum Kind {
        /** Active checks: the endpoint passes again. */
        HEALTHY,
        /** Active checks: the endpoint fails. */
        UNHEALTHY,
        /** Passive health or outlier detection took the endpoint out. */
        EJECTED,
        /** An ejection ended; the endpoint is back, on probation. */
        RETURNED,
        /** The endpoint's breaker opened: it admits nothing for a while. */
        BREAKER_OPENED,
        /** The breaker admits a few trial tries. */
        BREAKER_HALF_OPENED,
        /** The trials passed: the breaker admits everything again. */
        BREAKER_CLOSED,
        /** Too few endpoints are available: the pool fails open or closed. */
        PANIC_ENTERED,
        /** Enough endpoints have been available for the cooldown. */
        PANIC_LEFT
    }

    public HealthEvent {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "pool " + pool + (endpoint == null ? "" : " endpoint " + endpoint) + ": " + kind + " (" + reason + ")";
    }
}
