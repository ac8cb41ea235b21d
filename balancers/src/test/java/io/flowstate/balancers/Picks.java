package io.flowstate.balancers;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;
import io.flowstate.core.time.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Endpoints and pick loops shared by the balancer tests. */
final class Picks {
    private Picks() {
    }

    /** Endpoints 127.0.0.1:9001, :9002, ... with these weights. */
    static List<Endpoint> endpoints(List<Integer> weights) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            out.add(new Endpoint("127.0.0.1", 9001 + i, weights.get(i)));
        }
        return out;
    }

    static List<Endpoint> endpoints(Integer... weights) {
        return endpoints(List.of(weights));
    }

    static PickContext context(List<Endpoint> candidates, RandomGenerator random, Ticker ticker) {
        return new PickContext(candidates, 0, random, ticker);
    }

    /**
     * {@code picks} picks with nothing in flight between them (each try acquired and
     * released at once): the idle-pool case. Counts per endpoint, in list order.
     */
    static Map<Endpoint, Integer> idle(Balancer balancer, List<Endpoint> eps, RandomGenerator random, int picks) {
        Map<Endpoint, Integer> counts = zeros(eps);
        PickContext context = context(eps, random, () -> 0L);
        for (int i = 0; i < picks; i++) {
            Endpoint e = balancer.pick(context);
            e.acquire();
            e.release();
            counts.merge(e, 1, Integer::sum);
        }
        return counts;
    }

    /** Letters a, b, c, ... for the picks, by position in {@code eps}. */
    static String letters(Balancer balancer, List<Endpoint> eps, RandomGenerator random, int picks) {
        StringBuilder sb = new StringBuilder();
        PickContext context = context(eps, random, () -> 0L);
        for (int i = 0; i < picks; i++) {
            sb.append((char) ('a' + eps.indexOf(balancer.pick(context))));
        }
        return sb.toString();
    }

    static Map<Endpoint, Integer> zeros(List<Endpoint> eps) {
        Map<Endpoint, Integer> counts = new LinkedHashMap<>();
        for (Endpoint e : eps) {
            counts.put(e, 0);
        }
        return counts;
    }

    static double share(Map<Endpoint, Integer> counts, Endpoint e) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return (double) counts.get(e) / total;
    }
}
