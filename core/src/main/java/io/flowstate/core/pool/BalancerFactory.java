package io.flowstate.core.pool;

import java.util.List;

/**
 * Makes balancers of one strategy; found by {@link #name()} through
 * {@link java.util.ServiceLoader} (the {@code "balancer"} key of a pool).
 */
public interface BalancerFactory {

    /** The strategy's name in config, for example {@code "wrr"}. */
    String name();

    /** A balancer for a pool whose endpoints are {@code endpoints} (all of them, healthy or not). */
    Balancer create(List<Endpoint> endpoints);
}
