package io.flowstate.balancers;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * nginx's smooth weighted round robin (ngx_http_upstream_round_robin.c,
 * {@code ngx_http_upstream_get_peer}).
 *
 * <p>Algorithm: each endpoint has a current weight, starting at 0. For each pick, add each
 * endpoint's weight to its current weight, choose the endpoint with the largest current
 * weight (the first listed on a tie), and subtract the total weight from the chosen one.
 * For weights 5, 1, 1 this yields a a b a c a a: every whole cycle of {@code total} picks
 * gives each endpoint exactly its weight, spread out instead of in bursts.
 *
 * <p>Because the sequence depends only on the weights, the whole cycle is computed once
 * per candidate list and picks walk it with one atomic counter: no lock on the pick path,
 * and concurrent pickers still see the exact sequence between them. A changed candidate
 * list (an endpoint ejected or back) builds a new cycle.
 */
public final class SmoothWeightedRoundRobin implements Balancer {

    /** The cycle for one candidate list. */
    private record Cycle(List<Endpoint> candidates, Endpoint[] order) {
    }

    private final AtomicLong cursor = new AtomicLong();
    private volatile Cycle cycle;

    @Override
    public Endpoint pick(List<Endpoint> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        Cycle c = cycle;
        if (c == null || !c.candidates().equals(candidates)) {
            c = new Cycle(List.copyOf(candidates), sequence(candidates));
            cycle = c;
        }
        Endpoint[] order = c.order();
        return order[(int) Math.floorMod(cursor.getAndIncrement(), (long) order.length)];
    }

    /** One whole cycle of the smooth sequence: {@code sum(weights)} picks. */
    static Endpoint[] sequence(List<Endpoint> endpoints) {
        int n = endpoints.size();
        int total = 0;
        for (Endpoint e : endpoints) {
            total += e.weight();
        }
        long[] current = new long[n];
        Endpoint[] order = new Endpoint[total];
        for (int step = 0; step < total; step++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += endpoints.get(i).weight();
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[step] = endpoints.get(best);
        }
        return order;
    }
}
