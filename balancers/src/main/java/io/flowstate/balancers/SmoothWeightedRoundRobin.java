package io.flowstate.balancers;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * nginx's smooth weighted round robin (ngx_http_upstream_round_robin.c,
 * {@code ngx_http_upstream_get_peer}). Config name {@code "wrr"}; no options.
 *
 * <p>Deterministic: over every whole cycle of {@code sum(weights)} picks each candidate gets
 * exactly its weight, spread out rather than in bursts. Load is not looked at.
 */
public final class SmoothWeightedRoundRobin implements Balancer {
    /*
     * The algorithm. Each endpoint has a current weight, starting at 0. For each pick, add
     * each endpoint's weight to its current weight, choose the endpoint with the largest
     * current weight (the first listed on a tie), and subtract the total weight from the
     * chosen one. For weights 5, 1, 1 this yields a a b a c a a.
     *
     * The sequence depends only on the weights, so one whole cycle is computed once per
     * candidate list (WrrCycle) and picks walk it with one atomic counter: no lock on the
     * pick path, and concurrent pickers still share out the exact sequence between them.
     * A changed candidate list (an endpoint ejected, back, or gone on reload) gets its own
     * cycle; the counter runs on, and no endpoint's load is touched.
     */

    private final AtomicLong cursor = new AtomicLong();
    private volatile WrrCycle cycle;

    @Override
    public Endpoint pick(PickContext context) {
        List<Endpoint> candidates = context.candidates();
        if (candidates.isEmpty()) {
            return null;
        }
        WrrCycle cached = cycle;
        WrrCycle c = WrrCycle.forList(cached, candidates);
        if (c != cached) {
            cycle = c;                                        // written only on change: picks share a read-only line
        }
        return c.at(cursor.getAndIncrement());
    }

    @Override
    public String toString() {
        return "wrr";
    }
}
