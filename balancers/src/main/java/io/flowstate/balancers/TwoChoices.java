package io.flowstate.balancers;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The power of two random choices (Mitzenmacher, "The Power of Two Choices in Randomized
 * Load Balancing", IEEE TPDS 2001): draw two distinct candidates uniformly at random and
 * keep the better one by the strategy's own measure. Drawing {@code j} from {@code n - 1}
 * and skipping {@code i} makes every unordered pair equally likely without a retry loop.
 */
abstract class TwoChoices implements Balancer {

    @Override
    public final Endpoint pick(PickContext context) {
        List<Endpoint> candidates = context.candidates();
        int n = candidates.size();
        if (n <= 1) {
            return n == 0 ? null : candidates.get(0);
        }
        RandomGenerator random = context.random();
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Endpoint first = candidates.get(i);
        Endpoint second = candidates.get(j);
        return prefersSecond(first, second, context) ? second : first;
    }

    /** Whether {@code second} is strictly better than {@code first}; ties keep {@code first}. */
    abstract boolean prefersSecond(Endpoint first, Endpoint second, PickContext context);
}
