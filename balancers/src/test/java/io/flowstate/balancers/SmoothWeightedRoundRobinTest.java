package io.flowstate.balancers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.pool.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    private static List<Endpoint> endpoints(List<Integer> weights) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            out.add(new Endpoint("127.0.0.1", 9001 + i, weights.get(i)));
        }
        return out;
    }

    @Test
    void weights511GiveNginxSequence() {
        List<Endpoint> eps = endpoints(List.of(5, 1, 1));
        var wrr = new SmoothWeightedRoundRobin();
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            seq.append((char) ('a' + eps.indexOf(wrr.pick(eps))));
        }
        assertEquals("aabacaaaabacaa", seq.toString());
    }

    @Property
    void everyWholeCycleGivesExactShares(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 20) Integer> weights,
                                         @ForAll @IntRange(min = 1, max = 4) int cycles) {
        List<Endpoint> eps = endpoints(weights);
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        var wrr = new SmoothWeightedRoundRobin();
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < total * cycles; i++) {
            counts.merge(wrr.pick(eps), 1, Integer::sum);
        }
        for (Endpoint e : eps) {
            assertEquals(e.weight() * cycles, counts.getOrDefault(e, 0), "share of " + e);
        }
    }

    /**
     * Smoothness: after any prefix of t picks, each endpoint's count stays within n - 1 of
     * its exact share t * w / W. (Each current weight stays in (-W, (n - 1) W): the chosen
     * one was at least W / n before W was taken off, and the n values sum to 0.)
     */
    @Property
    void everyPrefixStaysCloseToTheExactShare(@ForAll @Size(min = 2, max = 6) List<@IntRange(min = 1, max = 50) Integer> weights) {
        List<Endpoint> eps = endpoints(weights);
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        var wrr = new SmoothWeightedRoundRobin();
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int t = 1; t <= total * 2; t++) {
            counts.merge(wrr.pick(eps), 1, Integer::sum);
            for (Endpoint e : eps) {
                double exact = (double) t * e.weight() / total;
                double off = Math.abs(counts.getOrDefault(e, 0) - exact);
                assertTrue(off < eps.size() - 1, "after " + t + " picks " + e + " is " + off + " off its share, weights " + weights);
            }
        }
    }

    @Test
    void emptyCandidatesGiveNull() {
        assertEquals(null, new SmoothWeightedRoundRobin().pick(List.of()));
    }
}
