package io.flowstate.core.pool;

import io.flowstate.core.time.Ticker;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a {@link Balancer} sees for one pick. Made by {@link Pool#pick(int)} once per try and
 * used by one thread for the length of one {@link Balancer#pick} call.
 *
 * @param candidates the endpoints that can take traffic now, in the pool's order; never
 *                   null, never modified by anyone while the pick runs, and not to be
 *                   modified by the balancer. Consecutive picks usually pass the same list
 *                   instance, so a balancer may cache what it derives from it and check
 *                   with {@code ==} first; a changed list (an endpoint ejected, back, or
 *                   gone after a reload) is a new instance.
 * @param attempt    0 for a request's first try, 1 for its first retry, and so on
 * @param random     randomness for this pick, used by this thread only until {@code pick}
 *                   returns; seeded in tests, {@code ThreadLocalRandom} in production
 * @param ticker     the pool's clock, the one the proxy path stamps latency samples with
 */
public record PickContext(List<Endpoint> candidates, int attempt, RandomGenerator random, Ticker ticker) {

    public PickContext {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(ticker, "ticker");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt " + attempt + " is negative");
        }
    }
}
