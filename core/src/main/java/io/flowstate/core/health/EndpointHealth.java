package io.flowstate.core.health;

import io.flowstate.core.config.BreakerConfig;
import io.flowstate.core.config.HealthConfig;
import io.flowstate.core.resilience.CircuitBreaker;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Everything about the health of one endpoint in one pool: its place in the pool, its
 * active-check state, its breaker, its ejection and failure streaks, the current outlier
 * interval, and how many of each {@link HealthEvent.Kind} it has been through.
 *
 * <p>Made only by its {@link PoolHealth}, one per endpoint, and then never re-pointed: every
 * field is final, so the object a pool hands out names the same machines for the pool's
 * whole life. The machines themselves are live; their thread contracts are their own
 * ({@link Ejection} and {@link FailureStreaks} change under the pool's lock, the breaker
 * under its own monitor, {@link IntervalStats} and the event counts without a lock).
 * The owner of the endpoint keeps this object so that the hot path finds it without a
 * lookup ({@code Endpoint.health()}, bound by the {@code Pool}).
 */
public final class EndpointHealth {
    /*
     * A reload. The new pool makes a new EndpointHealth for each endpoint, from the one the
     * running pool has under the same key (the constructor below is the only place that
     * decides what it keeps):
     *
     *   ejection, streaks, stats, event counts, last event   the same objects: kept always
     *   active-check state                                   the same object while the new
     *                                                        pool checks; none when it
     *                                                        does not; new when it starts to
     *   breaker                                              the same object when the new
     *                                                        BreakerConfig is equal; new
     *                                                        when it changed; none when gone
     *   index, key                                           the new pool's
     *
     * Why new objects that share parts, rather than one object both pools share: a reload
     * can be refused after the new snapshot is compiled (FlowStateServer.reload: a listen
     * address that cannot be bound). Had the new pool written its breaker or its active
     * state into an object the running pool reads, the refused config would already have
     * changed the running pool. Here the running pool's objects are only read, and what
     * differs (a new breaker, no active checks) exists only in the new object, which is
     * dropped with the refused snapshot. What is shared is state about the backend rather
     * than about a config, which both pools may feed while the old one drains: tries that
     * started before the swap still count for the endpoint.
     */

    private final int index;
    private final String key;
    private final Ejection ejection;
    private final FailureStreaks streaks;
    private final IntervalStats stats;
    private final Events events;
    private final ActiveHealth active;
    private final CircuitBreaker breaker;

    /**
     * The state of the endpoint at {@code index} of a pool with {@code config} and
     * {@code breaker}, carrying over {@code previous} as the class comment says. Nothing of
     * {@code previous} is changed.
     *
     * @param previous the endpoint's state in the running pool of the same name, or null for
     *                 an endpoint new to the pool
     * @param breaker  the pool's breaker config, or null for none
     */
    EndpointHealth(int index, String key, HealthConfig config, BreakerConfig breaker, EndpointHealth previous) {
        this.index = index;
        this.key = Objects.requireNonNull(key, "key");
        boolean stays = previous != null;
        this.ejection = stays ? previous.ejection : new Ejection();
        this.streaks = stays ? previous.streaks : new FailureStreaks();
        this.stats = stays ? previous.stats : new IntervalStats();
        this.events = stays ? previous.events : new Events();
        this.active = !config.hasActive() ? null
                : stays && previous.active != null ? previous.active
                : new ActiveHealth(config.active().startHealthy());
        this.breaker = breaker == null ? null
                : stays && previous.breaker != null && previous.breaker.config().equals(breaker) ? previous.breaker
                : new CircuitBreaker(breaker);
    }

    /** Where the endpoint is in its pool's {@link PoolHealth#endpoints()}. */
    public int index() {
        return index;
    }

    /** The endpoint's {@code host:port}, as its events name it. */
    public String key() {
        return key;
    }

    /** The active-check state, or null when the pool has no active checks. */
    public ActiveHealth active() {
        return active;
    }

    /** The breaker, or null when the pool has none. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Whether active checks (if any) say the endpoint is healthy. */
    public boolean healthy() {
        return active == null || active.healthy();
    }

    /** Healthy by active checks (or none configured) and not ejected. */
    public boolean available() {
        return healthy() && !ejection.isEjected();
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

    /** How many transitions of {@code kind} this endpoint has been through, over reloads. */
    public long count(HealthEvent.Kind kind) {
        return events.counts.get(kind.ordinal());
    }

    /** The last transition, as logged, or null. */
    public String lastEvent() {
        return events.last;
    }

    void counted(HealthEvent e) {
        events.counts.incrementAndGet(e.kind().ordinal());
        events.last = e.kind() + ": " + e.reason();
    }

    @Override
    public String toString() {
        return key + "#" + index;
    }

    /** The event counts and the last event: one holder, so that a reload shares both at once. */
    private static final class Events {
        final AtomicLongArray counts = new AtomicLongArray(HealthEvent.Kind.values().length);
        volatile String last;
    }
}
