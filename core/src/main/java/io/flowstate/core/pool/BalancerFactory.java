package io.flowstate.core.pool;

import io.flowstate.core.config.BalancerConfig;

/**
 * Makes balancers of one strategy; found by {@link #name()} through
 * {@link java.util.ServiceLoader} (the {@code "balancer"} key of a pool).
 *
 * <p>Called while a config snapshot is compiled, once per pool that names the strategy;
 * never on the request path.
 */
public interface BalancerFactory {

    /** The strategy's name in config, for example {@code "wrr"}. */
    String name();

    /**
     * A new balancer for one pool.
     *
     * @param config the pool's {@code "balancer"} value, already validated; its
     *               {@link BalancerConfig#type()} is {@link #name()}
     */
    Balancer create(BalancerConfig config);
}
