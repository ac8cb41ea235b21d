package io.flowstate.core.health;

import io.flowstate.core.config.BreakerConfig;
import io.flowstate.core.config.Durations;
import io.flowstate.core.config.HealthConfig;
import io.flowstate.core.resilience.CircuitBreaker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The health of one pool: which of its endpoints may take traffic now, and every
 * transition that changes it. It joins the per-endpoint machines (active checks, ejection
 * by passive health and outlier detection, breakers) with the pool-wide rules
 * (at most {@code maxPercent} ejected, panic) and keeps the result as one immutable
 * candidate list that the pick path reads without a lock.
 *
 * <p>Who calls what:
 * <ul>
 *   <li>the pick path: {@link #candidates(long)} once per pick (a volatile read, plus a
 *       {@link #tick} when a timed transition is due) and {@link #admit} for the chosen
 *       endpoint;</li>
 *   <li>the proxy path: {@link #record} once per admitted try, when it ended;</li>
 *   <li>the health checker: {@link #probed} once per probe result, and {@link #tick}.</li>
 * </ul>
 * Transitions run under one lock per pool; they are rare. Every transition publishes its
 * new candidate list before its events are told, so a listener that reacts to an event
 * (a test, an operator's script) already sees routing follow it. Time is the caller's
 * ({@code now} in the pool's ticker nanoseconds), so tests drive it by hand.
 *
 * <p>State: one {@link EndpointHealth} per endpoint, made here and held in an array in the
 * pool's order; it holds all of that endpoint's health, including its index, so the
 * per-try calls find it through the endpoint's own handle (the {@code Pool} binds it to
 * the {@code Endpoint}) with no map.
 * A reload builds a new PoolHealth from the running one ({@link #PoolHealth(String, List,
 * Function, Function, HealthConfig, BreakerConfig, HealthListener, long, PoolHealth)});
 * that constructor is the one route by which health crosses a reload, and
 * {@link EndpointHealth}'s constructor the one place that decides what it keeps.
 *
 * @param <E> the endpoint type (the pool's {@code Endpoint}; generic so this package does
 *            not depend on the balancing one)
 */
public final class PoolHealth<E> {
    private final String pool;
    private final List<E> endpoints;
    /** Each endpoint's state, in the order of {@link #endpoints}: {@code states[i].index() == i}. */
    private final EndpointHealth[] states;
    private final Function<E, EndpointHealth> health;
    private final HealthConfig config;
    private final HealthListener listener;
    private final PanicGuard panic;
    private final boolean sweeps;
    private final Object lock = new Object();
    private volatile List<E> candidates;
    /** Events of the transition under way, told once its candidate list is published. */
    private final List<HealthEvent> pending = new ArrayList<>();
    private volatile long nextDueNanos;
    private long nextSweepNanos;

    /**
     * A pool's health with every endpoint new: nothing carried over.
     *
     * @see #PoolHealth(String, List, Function, Function, HealthConfig, BreakerConfig, HealthListener, long, PoolHealth)
     */
    public PoolHealth(String pool, List<E> endpoints, Function<E, EndpointHealth> health, Function<E, String> key,
                      HealthConfig config, BreakerConfig breaker, HealthListener listener, long now) {
        this(pool, endpoints, health, key, config, breaker, listener, now, null);
    }

    /**
     * A pool's health, after a reload when {@code previous} is given: each endpoint with the
     * same key as one of {@code previous} carries that endpoint's state over (ejection,
     * streaks, interval, counts; active-check state while this pool checks; breaker while
     * its config is equal), as {@link EndpointHealth} decides. Nothing of {@code previous}
     * is changed, and nothing is written into an object it holds (building tells no endpoint
     * event, so not even a shared count moves): a reload that is then refused leaves the
     * running pool as it was.
     *
     * <p>The states are made here ({@link #state}); the caller hands each to its endpoint
     * before the first per-try call, so that {@code health} finds it again (the {@code Pool}
     * binds it to the {@code Endpoint}).
     *
     * @param health   the state an endpoint holds, or null; called on every {@link #record},
     *                 {@link #admit}, {@link #maxConcurrent} and {@link #probed}, so it should
     *                 be a field read, not a map lookup. When it gives no state of this pool
     *                 (an endpoint object in another pool too), the endpoint is looked for by
     *                 identity; one that is not in the pool is refused with
     *                 {@link IllegalArgumentException}
     * @param key      each endpoint's {@code host:port}: how a reload matches endpoints, and
     *                 what events name
     * @param breaker  the breaker config, or null for none
     * @param now      the time the pool starts, on the ticker the other calls use
     * @param previous the pool of the same name in the running config, or null
     */
    public PoolHealth(String pool, List<E> endpoints, Function<E, EndpointHealth> health, Function<E, String> key,
                      HealthConfig config, BreakerConfig breaker, HealthListener listener, long now,
                      PoolHealth<?> previous) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.endpoints = List.copyOf(endpoints);
        this.health = Objects.requireNonNull(health, "health");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.panic = new PanicGuard(config.panic());
        this.sweeps = config.outlier().successRate().enabled() || config.outlier().latency().enabled();
        Map<String, EndpointHealth> before = new HashMap<>();
        if (previous != null) {
            for (EndpointHealth s : previous.states) {
                before.put(s.key(), s);
            }
        }
        this.states = new EndpointHealth[this.endpoints.size()];
        for (int i = 0; i < states.length; i++) {
            String k = key.apply(this.endpoints.get(i));
            states[i] = new EndpointHealth(i, k, config, breaker, before.get(k));
        }
        this.nextSweepNanos = now + config.outlier().interval().toNanos();
        synchronized (lock) {
            recompute(now);
        }
    }

    public String pool() {
        return pool;
    }

    public HealthConfig config() {
        return config;
    }

    public List<E> endpoints() {
        return endpoints;
    }

    /** The health state of the endpoint at {@code index} of {@link #endpoints()}. */
    public EndpointHealth state(int index) {
        return states[index];
    }

    /** The active-check state of the endpoint at {@code index}, or null when the pool has no active checks. */
    public ActiveHealth active(int index) {
        return states[index].active();
    }

    /** The breaker of the endpoint at {@code index}, or null when the pool has none. */
    public CircuitBreaker breaker(int index) {
        return states[index].breaker();
    }

    /** Whether active checks (if any) say the endpoint at {@code index} is healthy. */
    public boolean healthy(int index) {
        return states[index].healthy();
    }

    /** Healthy by active checks (or none configured) and not ejected. */
    public boolean available(int index) {
        return states[index].available();
    }

    private static boolean breakerOpen(EndpointHealth s) {
        CircuitBreaker b = s.breaker();
        return b != null && b.state() == CircuitBreaker.State.OPEN;
    }

    public boolean inPanic() {
        return panic.inPanic();
    }

    /**
     * The endpoints that may take traffic at {@code now}, in the pool's order; empty when
     * none may (all out and fail-closed panic, or every breaker open). The same list instance
     * until something changes.
     */
    public List<E> candidates(long now) {
        if (now - nextDueNanos >= 0) {
            tick(now);
        }
        return candidates;
    }

    /**
     * Asks the endpoint's breaker to admit one try; true when there is no breaker. A true
     * answer must be followed by one {@link #record} for the try.
     */
    public boolean admit(E endpoint, long now) {
        EndpointHealth s = stateOf(endpoint);
        CircuitBreaker b = s.breaker();
        if (b == null) {
            return true;
        }
        CircuitBreaker.State before;
        boolean admitted;
        CircuitBreaker.State after;
        synchronized (b) {                                     // one reader of the move it makes
            before = b.state();
            admitted = b.tryAcquire(now);
            after = b.state();
        }
        if (before == CircuitBreaker.State.OPEN && after == CircuitBreaker.State.HALF_OPEN) {
            synchronized (lock) {
                emit(s, HealthEvent.Kind.BREAKER_HALF_OPENED, "open for " + Durations.text(b.config().openFor()), now);
                recompute(now);
            }
        }
        return admitted;
    }

    /** The maximum tries in flight the breaker allows one endpoint; 0 for no cap. */
    public int maxConcurrent(E endpoint) {
        CircuitBreaker b = stateOf(endpoint).breaker();
        return b == null ? 0 : b.config().maxConcurrent();
    }

    /**
     * Feeds how one admitted try ended: failure streaks (passive health, consecutive 5xx and
     * gateway failures), probation, the outlier interval and the breaker.
     *
     * @param latencyNanos from send to response head or failure; negative when unknown
     */
    public void record(E endpoint, Outcome outcome, long latencyNanos, long now) {
        EndpointHealth s = stateOf(endpoint);
        CircuitBreaker b = s.breaker();
        if (outcome.saysNothing()) {
            if (b != null) {
                b.abandon();                                   // a trial the client left gives its slot back
            }
            return;                                            // the client left, or nothing was sent: no news
        }
        s.stats().record(outcome == Outcome.SUCCESS, latencyNanos);
        CircuitBreaker.State breakerChange = b == null ? null : b.record(outcome.isFailure(), now);
        String ejectFor = s.streaks().record(outcome, config.passive(), config.outlier());
        boolean probation = s.ejection().onProbation();
        if (probation && ejectFor == null && counts(outcome)) {
            ejectFor = "failed on probation (" + outcome.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        if (breakerChange == null && ejectFor == null && !(probation && outcome == Outcome.SUCCESS)) {
            return;
        }
        synchronized (lock) {
            if (breakerChange != null) {
                emit(s, breakerChange == CircuitBreaker.State.OPEN ? HealthEvent.Kind.BREAKER_OPENED
                        : HealthEvent.Kind.BREAKER_CLOSED, breakerReason(breakerChange, b), now);
            }
            if (ejectFor != null) {
                eject(s, ejectFor, now);
            } else if (outcome == Outcome.SUCCESS) {
                s.ejection().succeeded();
            }
            recompute(now);
        }
    }

    /**
     * Feeds one active probe result.
     *
     * @param detail what the probe saw ({@code "status 503"}, {@code "connect refused"})
     */
    public void probed(E endpoint, boolean passed, String detail, long now) {
        EndpointHealth s = stateOf(endpoint);
        ActiveHealth a = s.active();
        if (a == null) {
            return;                                            // no active checks in this pool's config
        }
        synchronized (lock) {
            boolean first = !a.decided();
            if (a.record(passed, config.active().healthyThreshold(), config.active().unhealthyThreshold())) {
                String reason = first ? "first probe: " + detail
                        : passed ? a.passes() + " consecutive probe passes: " + detail
                        : a.failures() + " consecutive probe failures: " + detail;
                emit(s, passed ? HealthEvent.Kind.HEALTHY : HealthEvent.Kind.UNHEALTHY, reason, now);
                recompute(now);
            }
        }
    }

    /**
     * Runs the timed transitions due at {@code now}: ejections that end, breakers that
     * half-open, the outlier interval, the end of a panic.
     *
     * @return when the next one is due
     */
    public long tick(long now) {
        synchronized (lock) {
            for (EndpointHealth s : states) {
                if (s.ejection().expire(now)) {
                    emit(s, HealthEvent.Kind.RETURNED, "ejection over; on probation", now);
                }
                CircuitBreaker b = s.breaker();
                if (b != null && b.halfOpenIfDue(now)) {
                    emit(s, HealthEvent.Kind.BREAKER_HALF_OPENED, "open for " + Durations.text(b.config().openFor()), now);
                }
            }
            if (now - nextSweepNanos >= 0) {
                sweep(now);
                nextSweepNanos = now + config.outlier().interval().toNanos();
            }
            recompute(now);
            return nextDueNanos;
        }
    }

    /* ---- under the lock ---- */

    /** Judges the interval that ended (success rate, latency) and starts the next. */
    private void sweep(long now) {
        List<SuccessRateOutliers.Sample> rates = new ArrayList<>();
        List<LatencyOutliers.Sample> latencies = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            IntervalStats.Window w = states[i].stats().roll();
            if (states[i].ejection().isEjected()) {
                continue;                                      // judged on what it did while in
            }
            rates.add(new SuccessRateOutliers.Sample(i, w.total(), w.successRate()));
            latencies.add(new LatencyOutliers.Sample(i, w.latencySamples(),
                    w.latencyQuantileNanos(config.outlier().latency().quantile())));
        }
        for (Verdict v : SuccessRateOutliers.judge(rates, config.outlier().successRate())) {
            eject(states[v.index()], v.reason(), now);
        }
        for (Verdict v : LatencyOutliers.judge(latencies, config.outlier().latency())) {
            eject(states[v.index()], v.reason(), now);
        }
    }

    /** Ejects the endpoint of {@code s} unless that would eject more than the pool allows. */
    private void eject(EndpointHealth s, String reason, long now) {
        if (s.ejection().isEjected()) {
            return;
        }
        int ejected = 0;
        for (EndpointHealth other : states) {
            ejected += other.ejection().isEjected() ? 1 : 0;
        }
        int total = states.length;
        int allowed = Math.max(1, total * config.ejection().maxPercent() / 100);
        if (ejected + 1 > allowed || ejected + 1 >= total) {
            // Never empty a pool by ejection alone. The streak starts again (as Envoy's does
            // whatever the ejection's result), so the endpoint can be ejected once there is room.
            s.streaks().reset();
            return;
        }
        long base = config.ejection().base().toNanos();
        long until = s.ejection().eject(now, base, config.ejection().max().toNanos());
        s.streaks().reset();
        emit(s, HealthEvent.Kind.EJECTED, reason + "; out for " + Durations.text(java.time.Duration.ofNanos(until - now))
                + " (ejection " + s.ejection().count() + ")", now);
    }

    private void recompute(long now) {
        int n = states.length;
        int[] available = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (states[i].available()) {
                available[count++] = i;
            }
        }
        boolean wasPanic = panic.inPanic();
        if (panic.update(count, n, now)) {
            emit(null, wasPanic ? HealthEvent.Kind.PANIC_LEFT : HealthEvent.Kind.PANIC_ENTERED,
                    count + " of " + n + " endpoints available; threshold "
                            + config.panic().thresholdPercent() + "%"
                            + (wasPanic ? "" : config.panic().failOpen() ? "; failing open" : "; failing closed"), now);
        }
        // Out of panic: the available ones; in panic: every one (fail open) or none (fail
        // closed). Either way an open breaker keeps its endpoint out.
        List<E> next = new ArrayList<>(n);
        if (!panic.inPanic()) {
            for (int k = 0; k < count; k++) {
                if (!breakerOpen(states[available[k]])) {
                    next.add(endpoints.get(available[k]));
                }
            }
        } else if (config.panic().failOpen()) {
            for (int i = 0; i < n; i++) {
                if (!breakerOpen(states[i])) {
                    next.add(endpoints.get(i));
                }
            }
        }
        // A new list instance only on change, and the pool's own list when every endpoint
        // is a candidate: balancers cache by identity (PickContext).
        List<E> current = candidates;
        if (current == null || !current.equals(next)) {
            candidates = next.equals(endpoints) ? endpoints : List.copyOf(next);
        }
        long due = panic.exitDueNanos();
        for (EndpointHealth s : states) {
            if (s.ejection().isEjected()) {
                due = Math.min(due, s.ejection().untilNanos());
            }
            CircuitBreaker b = s.breaker();
            if (b != null && b.state() == CircuitBreaker.State.OPEN) {
                due = Math.min(due, b.openUntilNanos());
            }
        }
        if (sweeps) {
            due = Math.min(due, nextSweepNanos);
        }
        nextDueNanos = due == Long.MAX_VALUE ? now + Long.MAX_VALUE / 4 : due;
        tell();                                                // routing follows first, then the news
    }

    /**
     * Queues an event of the transition under way; {@link #recompute} tells it once routing
     * follows it.
     *
     * @param s the endpoint's state, or null for an event of the pool (panic)
     */
    private void emit(EndpointHealth s, HealthEvent.Kind kind, String reason, long now) {
        HealthEvent e = new HealthEvent(pool, s == null ? null : s.key(), kind, reason, now);
        if (s != null) {
            s.counted(e);
        }
        pending.add(e);
    }

    private void tell() {
        for (HealthEvent e : pending) {
            try {
                listener.on(e);
            } catch (RuntimeException ex) {
                System.getLogger(PoolHealth.class.getName()).log(System.Logger.Level.WARNING,
                        "health listener failed", ex);
            }
        }
        pending.clear();
    }

    /* ---- helpers ---- */

    /** Whether a failure of this kind is one some enabled detector counts (for probation). */
    private boolean counts(Outcome o) {
        var passive = config.passive();
        var outlier = config.outlier();
        return (passive.enabled() && (o.isLocalOrigin() || (passive.include5xx() && o.isUpstream5xx())))
                || (outlier.consecutive5xx() > 0 && o.isUpstream5xx())
                || (outlier.consecutiveGatewayFailures() > 0 && o == Outcome.GATEWAY_ERROR);
    }

    private static String breakerReason(CircuitBreaker.State to, CircuitBreaker b) {
        return to == CircuitBreaker.State.OPEN
                ? "failure ratio reached " + b.config().failureRatio() + " over " + Durations.text(b.config().window())
                : b.config().halfOpenRequests() + " trial requests passed";
    }

    /**
     * The state this pool made for {@code endpoint}: the endpoint's handle, checked against
     * {@link #states} (a field read and a compare, no map). An endpoint object that is in
     * another pool too may hand that pool's state; then this pool's is found by identity.
     */
    private EndpointHealth stateOf(E endpoint) {
        EndpointHealth s = health.apply(endpoint);
        if (s != null && s.index() < states.length && states[s.index()] == s) {
            return s;
        }
        for (int i = 0; i < states.length; i++) {
            if (endpoints.get(i) == endpoint) {
                return states[i];
            }
        }
        throw new IllegalArgumentException(endpoint + " is not an endpoint of pool " + pool);
    }
}
