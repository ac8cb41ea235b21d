package io.flowstate.core.pool;

import io.flowstate.core.time.Ticker;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A named group of endpoints and the balancer that chooses among them.
 *
 * <p>Built once per config snapshot. Today every endpoint can always take traffic; the
 * health, ejection and breaker state that narrow the candidates arrive with the health
 * work, behind {@link #pick(int)}, which then passes a narrower list to the balancer.
 */
public final class Pool {
    private final String name;
    private final List<Endpoint> endpoints;
    private final Balancer balancer;
    private final Supplier<? extends RandomGenerator> random;
    private final Ticker ticker;

    /** A pool that picks with {@link ThreadLocalRandom} and the system clock. */
    public Pool(String name, List<Endpoint> endpoints, Balancer balancer) {
        this(name, endpoints, balancer, ThreadLocalRandom::current, Ticker.system());
    }

    /**
     * @param random gives the generator for one pick; called once per pick on the picking
     *               thread, so it must hand each thread its own (or a thread-safe) generator
     * @param ticker the clock balancers read, the same one the proxy path stamps samples with
     */
    public Pool(String name, List<Endpoint> endpoints, Balancer balancer,
                Supplier<? extends RandomGenerator> random, Ticker ticker) {
        this.name = Objects.requireNonNull(name, "name");
        this.endpoints = List.copyOf(endpoints);
        this.balancer = Objects.requireNonNull(balancer, "balancer");
        this.random = Objects.requireNonNull(random, "random");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    public String name() {
        return name;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * The endpoint for one try, or null when none can take traffic. The balancer is not
     * asked when there is no candidate.
     *
     * @param attempt 0 for the first try of a request, 1 for its first retry, ...
     */
    public Endpoint pick(int attempt) {
        List<Endpoint> candidates = endpoints;
        if (candidates.isEmpty()) {
            return null;
        }
        return balancer.pick(new PickContext(candidates, attempt, random.get(), ticker));
    }

    @Override
    public String toString() {
        return name + endpoints;
    }
}
