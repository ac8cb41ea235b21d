package io.flowstate.balancers;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.BalancerFactory;
import io.flowstate.core.pool.Endpoint;
import java.util.List;

/** {@code "balancer": "wrr"}: {@link SmoothWeightedRoundRobin}, the default. */
public final class WrrFactory implements BalancerFactory {
    @Override
    public String name() {
        return "wrr";
    }

    @Override
    public Balancer create(List<Endpoint> endpoints) {
        return new SmoothWeightedRoundRobin();
    }
}
