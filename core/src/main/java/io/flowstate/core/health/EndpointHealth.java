package io.flowstate.core.health;

import io.flowstate.core.resilience.CircuitBreaker;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Everything health-related one endpoint carries: its active-check state, ejection,
 * failure streaks, the current outlier interval, its breaker, and how many of each
 * {@link HealthEvent.Kind} it has been through. Owned by the {@code Endpoint}, so it
 * outlives config reloads with it; its pool's {@link PoolHealth} is the only writer of the
 * parts that need the pool's lock.
 */
public final class EndpointHealth {
    private final Ejection ejection = new Ejection();
    private final FailureStreaks streaks = new FailureStreaks();
    private final IntervalStats stats = new IntervalStats();
    private final AtomicLongArray events = new AtomicLongArray(HealthEvent.Kind.values().length);
    private volatile ActiveHealth active;
    private volatile CircuitBreaker breaker;
    private volatile String lastEvent;

    /** Active-check state, or null when the pool has no active checks. */
    public ActiveHealth active() {
        return active;
    }

    void active(ActiveHealth a) {
        this.active = a;
    }

    /** The breaker, or null when the pool has none. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    void breaker(CircuitBreaker b) {
        this.breaker = b;
    }

    public Ejection ejection() {
        return ejection;
    }

    public FailureStreaks streaks() {
        return streaks;
    }

    public IntervalStats stats() {
        return stats;
    }

    /** Healthy by active checks (or none configured) and not ejected. */
    public boolean available() {
        ActiveHealth a = active;
        return (a == null || a.healthy()) && !ejection.isEjected();
    }

    /** Whether active checks say healthy (true when there are none). */
    public boolean healthy() {
        ActiveHealth a = active;
        return a == null || a.healthy();
    }

    /** Whether the breaker admits nothing now (it may half-open at its time). */
    public boolean breakerOpen() {
        CircuitBreaker b = breaker;
        return b != null && b.state() == CircuitBreaker.State.OPEN;
    }

    /** How many transitions of {@code kind} this endpoint has been through. */
    public long count(HealthEvent.Kind kind) {
        return events.get(kind.ordinal());
    }

    /** The last transition, as logged, or null. */
    public String lastEvent() {
        return lastEvent;
    }

    void counted(HealthEvent e) {
        events.incrementAndGet(e.kind().ordinal());
        lastEvent = e.kind() + ": " + e.reason();
    }
}
