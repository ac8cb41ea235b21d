package io.flowstate.balancers;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.BalancerFactory;

/**
 * {@code "balancer": "p2c-ewma"} or {@code {"type": "p2c-ewma", "decay": "10s"}}:
 * {@link P2cPeakEwma}. The decay is the time constant of each endpoint's latency
 * estimate, which lives in the endpoint (it outlives reloads); the snapshot builds the
 * pool's endpoints with it.
 */
public final class P2cEwmaFactory implements BalancerFactory {
    @Override
    public String name() {
        return "p2c-ewma";
    }

    @Override
    public Balancer create(BalancerConfig config) {
        return new P2cPeakEwma();
    }
}
