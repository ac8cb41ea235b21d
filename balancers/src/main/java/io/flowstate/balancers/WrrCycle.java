package io.flowstate.balancers;

import io.flowstate.core.pool.Endpoint;
import java.util.List;

/**
 * One whole cycle of nginx's smooth weighted round robin for one candidate list, computed
 * once and then read by many threads. Immutable.
 */
final class WrrCycle {
    private final List<Endpoint> candidates;
    private final Endpoint[] order;

    private WrrCycle(List<Endpoint> candidates) {
        this.candidates = candidates;
        this.order = sequence(candidates);
    }

    /**
     * {@code cached} when it was made for the same list ({@code ==}, or equal elements in
     * the same order), else a new cycle for {@code candidates}.
     */
    static WrrCycle forList(WrrCycle cached, List<Endpoint> candidates) {
        if (cached != null && (cached.candidates == candidates || cached.candidates.equals(candidates))) {
            return cached;
        }
        return new WrrCycle(List.copyOf(candidates));
    }

    /** The endpoint at position {@code ticket} of the endless sequence. */
    Endpoint at(long ticket) {
        return order[(int) Math.floorMod(ticket, (long) order.length)];
    }

    /** One whole cycle of the smooth sequence: {@code sum(weights)} picks. */
    static Endpoint[] sequence(List<Endpoint> endpoints) {
        int n = endpoints.size();
        int total = 0;
        for (Endpoint e : endpoints) {
            total = Math.addExact(total, e.weight());
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
