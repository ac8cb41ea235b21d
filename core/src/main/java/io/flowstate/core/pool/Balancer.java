package io.flowstate.core.pool;

import java.util.List;

/**
 * Chooses among the endpoints a pool offers now.
 *
 * <p>Called by the proxy path once per try, from many threads at once: {@link #pick}
 * takes no lock and does not block. A balancer is made per pool per config snapshot by
 * its {@link BalancerFactory}; it may keep state across picks (a cursor, weights) but
 * only sees endpoints the pool says can take traffic.
 */
public interface Balancer {

    /**
     * Picks one of {@code candidates}, or returns null when the list is empty.
     *
     * @param candidates endpoints that can take traffic now; never null, never modified
     */
    Endpoint pick(List<Endpoint> candidates);
}
