package io.flowstate.core.health;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one endpoint carries whatever its pool's health config: ejection, failure streaks,
 * the current outlier interval, and how many of each {@link HealthEvent.Kind} it has been
 * through. Owned by the {@code Endpoint}, so it outlives config reloads with it; its pool's
 * {@link PoolHealth} is the only writer of the parts that need the pool's lock. The parts
 * that depend on config (active-check state, breaker) belong to the {@link PoolHealth},
 * which hands them on to the next one when the config keeps them.
 */
public final class EndpointHealth {
    private final Ejection ejection = new Ejection();
    private final FailureStreaks streaks = new FailureStreaks();
    private final IntervalStats stats = new IntervalStats();
    private final AtomicLongArray events = new AtomicLongArray(HealthEvent.Kind.values().length);
    private volatile String lastEvent;

    public Ejection ejection() {
        return ejection;
    }

    public FailureStreaks streaks() {
        return streaks;
    }

    public IntervalStats stats() {
        return stats;
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
