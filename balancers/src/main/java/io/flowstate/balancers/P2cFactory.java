package io.flowstate.balancers;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.BalancerFactory;

/** {@code "balancer": "p2c"} or {@code {"type": "p2c", "bias": 1.0}}: {@link PowerOfTwoChoices}. */
public final class P2cFactory implements BalancerFactory {
    @Override
    public String name() {
        return "p2c";
    }

    @Override
    public Balancer create(BalancerConfig config) {
        return new PowerOfTwoChoices(config.bias());
    }
}
