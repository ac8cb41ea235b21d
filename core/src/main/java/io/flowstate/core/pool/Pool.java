package io.flowstate.core.pool;

import io.flowstate.core.config.BreakerConfig;
import io.flowstate.core.config.HealthConfig;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.health.Outcome;
import io.flowstate.core.health.PoolHealth;
import io.flowstate.core.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A named group of endpoints, the balancer that chooses among them, and the health that
 * narrows the choice.
 *
 * <p>Built once per config snapshot. Selection and health stay apart: {@link PoolHealth}
 * decides which endpoints are candidates (active checks, ejection, panic, open breakers),
 * the balancer chooses among the candidates, and {@link #acquire} then asks the chosen
 * endpoint's breaker and concurrency cap to admit the try.
 */
public final class Pool {
    /** How many times a retry asks the balancer for an endpoint not tried yet before it filters the list. */
    private static final int UNTRIED_PICKS = 3;

    private final String name;
    private final List<Endpoint> endpoints;
    private final Balancer balancer;
    private final Supplier<? extends RandomGenerator> random;
    private final Ticker ticker;
    private final PoolHealth<Endpoint> health;

    /** A pool with default health, no breaker, {@link ThreadLocalRandom} and the system clock. */
    public Pool(String name, List<Endpoint> endpoints, Balancer balancer) {
        this(name, endpoints, balancer, ThreadLocalRandom::current, Ticker.system());
    }

    /** A pool with default health and no breaker, whose events are logged. */
    public Pool(String name, List<Endpoint> endpoints, Balancer balancer,
                Supplier<? extends RandomGenerator> random, Ticker ticker) {
        this(name, endpoints, balancer, random, ticker, HealthConfig.DEFAULT, null, HealthListener.log());
    }

    /**
     * @param random   gives the generator for one pick; called once per pick on the picking
     *                 thread, so it must hand each thread its own (or a thread-safe) generator
     * @param ticker   the clock balancers and health read, the one the proxy path stamps samples with
     * @param health   health, ejection and panic rules
     * @param breaker  each endpoint's breaker, or null for none
     * @param listener receives every health transition
     */
    public Pool(String name, List<Endpoint> endpoints, Balancer balancer, Supplier<? extends RandomGenerator> random,
                Ticker ticker, HealthConfig health, BreakerConfig breaker, HealthListener listener) {
        this(name, endpoints, balancer, random, ticker, health, breaker, listener, null);
    }

    /**
     * A pool after a reload: endpoints that {@code previous} had at the same address carry
     * their health over (ejection, streaks, counts; active-check state and breaker where the
     * config keeps them): {@link PoolHealth} makes each endpoint's state, from the running
     * one, and this binds it to the endpoint. Nothing of {@code previous} is changed, so a
     * reload that is then refused leaves it running as it was.
     *
     * @param endpoints best made for this pool alone (a reload makes them from the running
     *                  ones with {@link Endpoint#Endpoint(Endpoint, int, long)}): an endpoint
     *                  object in another pool already keeps that pool's
     *                  {@link Endpoint#health()}, and this pool finds its own state for it by
     *                  identity, more slowly
     * @param previous  the pool of the same name in the running config, or null
     */
    public Pool(String name, List<Endpoint> endpoints, Balancer balancer, Supplier<? extends RandomGenerator> random,
                Ticker ticker, HealthConfig health, BreakerConfig breaker, HealthListener listener, Pool previous) {
        this.name = Objects.requireNonNull(name, "name");
        this.endpoints = List.copyOf(endpoints);
        this.balancer = Objects.requireNonNull(balancer, "balancer");
        this.random = Objects.requireNonNull(random, "random");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.health = new PoolHealth<>(name, this.endpoints, Endpoint::state, Endpoint::key, health, breaker,
                listener, ticker.nanoTime(), previous == null ? null : previous.health());
        for (int i = 0; i < this.endpoints.size(); i++) {
            this.endpoints.get(i).join(this.health.state(i));
        }
    }

    public String name() {
        return name;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public PoolHealth<Endpoint> health() {
        return health;
    }

    public Ticker ticker() {
        return ticker;
    }

    /**
     * The balancer's choice among the candidates for one try, or null when there is none.
     * Nothing is admitted or counted: {@link #acquire} is what the proxy path uses.
     *
     * @param attempt 0 for the first try of a request, 1 for its first retry, ...
     */
    public Endpoint pick(int attempt) {
        List<Endpoint> candidates = health.candidates(ticker.nanoTime());
        if (candidates.isEmpty()) {
            return null;
        }
        return balancer.pick(new PickContext(candidates, attempt, random.get(), ticker));
    }

    /**
     * The endpoint for one try, admitted and counted, or null when no candidate admits it.
     * A retry prefers an endpoint the request has not tried, where one exists. On a non-null
     * answer the caller owns one {@link Endpoint#release()} and one {@link #record}.
     *
     * @param attempt 0 for the first try of a request, 1 for its first retry, ...
     * @param tried   endpoints this request tried already (empty on the first try)
     */
    public Endpoint acquire(int attempt, List<Endpoint> tried) {
        return acquire(attempt, tried, List.of());
    }

    /**
     * Like {@link #acquire(int, List)}, never choosing an endpoint of {@code avoid}: a
     * retry after a timeout must not wait on an endpoint that was slow for this request
     * already. Null when every candidate is in {@code avoid}.
     *
     * @param avoid endpoints this try must not go to (empty: any candidate may be chosen)
     */
    public Endpoint acquire(int attempt, List<Endpoint> tried, List<Endpoint> avoid) {
        return acquire(attempt, tried, avoid, ticker.nanoTime());
    }

    /**
     * Like {@link #acquire(int, List, List)}, at {@code now} on this pool's {@link #ticker()}:
     * for a caller that has just read that clock (a read costs tens of nanoseconds).
     */
    public Endpoint acquire(int attempt, List<Endpoint> tried, List<Endpoint> avoid, long now) {
        List<Endpoint> candidates = health.candidates(now);
        if (!avoid.isEmpty()) {
            candidates = without(candidates, avoid);
        }
        if (candidates.isEmpty()) {
            return null;
        }
        RandomGenerator rng = random.get();
        List<Endpoint> list = candidates;
        Endpoint chosen = balancer.pick(new PickContext(list, attempt, rng, ticker));
        // tried may be an immutable list, which refuses to look for null (a balancer that found none).
        for (int i = 1; i < UNTRIED_PICKS && chosen != null && tried.contains(chosen) && list.size() > tried.size();
                i++) {
            chosen = balancer.pick(new PickContext(list, attempt, rng, ticker));
        }
        if (chosen != null && tried.contains(chosen)) {
            List<Endpoint> untried = without(list, tried);
            if (!untried.isEmpty()) {
                list = untried;
                chosen = balancer.pick(new PickContext(list, attempt, rng, ticker));
            }
        }
        while (chosen != null) {
            if (chosen.tryAcquire(health.maxConcurrent(chosen))) {
                if (health.admit(chosen, now)) {
                    return chosen;
                }
                chosen.release();
            }
            list = without(list, List.of(chosen));             // refused: ask again among the others
            chosen = list.isEmpty() ? null : balancer.pick(new PickContext(list, attempt, rng, ticker));
        }
        return null;
    }

    /** Whether some candidate is not in {@code endpoints}: a try that must avoid them has somewhere to go. */
    public boolean hasCandidateBesides(List<Endpoint> endpoints) {
        for (Endpoint e : health.candidates(ticker.nanoTime())) {
            if (!endpoints.contains(e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How an admitted try ended; feeds health, outlier detection and the breaker.
     *
     * @param latencyNanos from send to response head or failure; negative when unknown
     */
    public void record(Endpoint endpoint, Outcome outcome, long latencyNanos) {
        record(endpoint, outcome, latencyNanos, ticker.nanoTime());
    }

    /** Like {@link #record(Endpoint, Outcome, long)}, at {@code now} on this pool's {@link #ticker()}. */
    public void record(Endpoint endpoint, Outcome outcome, long latencyNanos, long now) {
        health.record(endpoint, outcome, latencyNanos, now);
    }

    private static List<Endpoint> without(List<Endpoint> list, List<Endpoint> out) {
        List<Endpoint> rest = new ArrayList<>(list.size());
        for (Endpoint e : list) {
            if (!out.contains(e)) {
                rest.add(e);
            }
        }
        return rest;
    }

    @Override
    public String toString() {
        return name + endpoints;
    }
}
