package io.flowstate.balancers;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fewest outstanding requests relative to weight, by a full scan: nginx's least_conn
 * ({@code ngx_http_upstream_least_conn_module.c}), which compares {@code conns / weight}
 * the same way; the full-scan variant of Envoy's least-request balancer. Config name
 * {@code "least-loaded"}; no options.
 *
 * <p>Each pick reads every candidate's outstanding count and takes the one with the lowest
 * {@code outstanding / weight}. Ties are broken in weighted round robin, never always the
 * first: with equal loads the picks cycle through the tied candidates in list order, each
 * taken as many times in a row as its weight, so an idle pool gets exactly the weights'
 * shares over every whole cycle.
 */
public final class LeastLoaded implements Balancer {
    /*
     * The scan compares o_a / w_a < o_b / w_b as o_a * w_b < o_b * w_a in longs: exact, no
     * division (o < 2^31, w <= 1000). The first pass finds the lowest ratio and the total
     * weight W of the candidates at it; with one such candidate that is the pick. Otherwise
     * a shared counter gives the k-th tie-break a slot k mod W, and the second pass walks
     * the tied candidates in list order, each covering as many slots as its weight.
     *
     * Lock-free: the counts are the endpoints' atomics and the counter is one AtomicLong.
     * A count that moves between the passes (another thread acquired or released) can
     * leave the slot unmatched; the first candidate found at the lowest ratio is taken then.
     * A changed candidate list needs nothing: the counter runs on.
     *
     * Cost: two reads of every candidate per pick. For large pools p2c gets nearly the
     * same balance from two reads in all (see PowerOfTwoChoices).
     */

    private final AtomicLong ties = new AtomicLong();

    @Override
    public Endpoint pick(PickContext context) {
        List<Endpoint> candidates = context.candidates();
        int n = candidates.size();
        if (n <= 1) {
            return n == 0 ? null : candidates.get(0);
        }
        Endpoint best = null;
        long bestLoad = 0;
        long bestWeight = 1;
        long tiedWeight = 0;
        for (int i = 0; i < n; i++) {
            Endpoint e = candidates.get(i);
            long load = Math.max(0, e.outstanding());
            long weight = e.weight();
            long lhs = load * bestWeight;
            long rhs = bestLoad * weight;
            if (best == null || lhs < rhs) {
                best = e;
                bestLoad = load;
                bestWeight = weight;
                tiedWeight = weight;
            } else if (lhs == rhs) {
                tiedWeight += weight;
            }
        }
        if (tiedWeight == bestWeight) {
            return best;
        }
        long slot = Math.floorMod(ties.getAndIncrement(), tiedWeight);
        for (int i = 0; i < n; i++) {
            Endpoint e = candidates.get(i);
            long weight = e.weight();
            if (Math.max(0, e.outstanding()) * bestWeight == bestLoad * weight) {
                if (slot < weight) {
                    return e;
                }
                slot -= weight;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "least-loaded";
    }
}
