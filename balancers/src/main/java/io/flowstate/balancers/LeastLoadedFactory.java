package io.flowstate.balancers;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.BalancerFactory;

/** {@code "balancer": "least-loaded"}: {@link LeastLoaded}. */
public final class LeastLoadedFactory implements BalancerFactory {
    @Override
    public String name() {
        return "least-loaded";
    }

    @Override
    public Balancer create(BalancerConfig config) {
        return new LeastLoaded();
    }
}
