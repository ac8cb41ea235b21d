package io.flowstate.balancers;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.BalancerFactory;

/** {@code "balancer": "wrr"}: {@link SmoothWeightedRoundRobin}, the default. */
public final class WrrFactory implements BalancerFactory {
    @Override
    public String name() {
        return "wrr";
    }

    @Override
    public Balancer create(BalancerConfig config) {
        return new SmoothWeightedRoundRobin();
    }
}
