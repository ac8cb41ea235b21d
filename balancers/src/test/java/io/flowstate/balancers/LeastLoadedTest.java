package io.flowstate.balancers;

import static io.flowstate.balancers.Picks.context;
import static io.flowstate.balancers.Picks.endpoints;
import static io.flowstate.balancers.Picks.share;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** least-loaded. It uses no randomness; the simulations are seeded for their service times. */
class LeastLoadedTest {

    private static final int PICKS = 100_000;
    private static final long MEAN_10_MS = 10_000_000L;
    private static final SplittableRandom UNUSED = new SplittableRandom(1);
    /** Shares of equal endpoints under load over 100k picks stay within 1 percentage point of 1/n. */
    private static final double EQUAL_TOLERANCE = 0.01;
    /** Shares of weighted endpoints at 64 in flight stay within 2 points of weight / total. */
    private static final double WEIGHTED_TOLERANCE = 0.02;

    private static void assertShare(double expected, double tolerance, Map<Endpoint, Integer> counts, Endpoint e) {
        double actual = share(counts, e);
        assertTrue(Math.abs(actual - expected) <= tolerance,
                e + " got " + actual + ", expected " + expected + " +- " + tolerance + ": " + counts);
    }

    @Test
    void idleEqualEndpointsAreRoundRobinNotAlwaysTheFirst() {
        assertEquals("abcabcabc", Picks.letters(new LeastLoaded(), endpoints(1, 1, 1), UNUSED, 9));
    }

    @Test
    void idleWeightedEndpointsTakeTurnsByWeight() {
        assertEquals("aaaaabc" + "aaaaabc", Picks.letters(new LeastLoaded(), endpoints(5, 1, 1), UNUSED, 14));
    }

    @Property
    void idlePoolGetsExactWeightSharesOverWholeCycles(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 20) Integer> weights,
            @ForAll @IntRange(min = 1, max = 3) int cycles) {
        List<Endpoint> eps = endpoints(weights);
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        Map<Endpoint, Integer> counts = Picks.idle(new LeastLoaded(), eps, UNUSED, total * cycles);
        for (Endpoint e : eps) {
            assertEquals(e.weight() * cycles, counts.get(e), "weights " + weights);
        }
    }

    @Property
    void picksTheLowestOutstandingPerWeight(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 10) Integer> weights,
                                            @ForAll @Size(min = 6, max = 6) List<@IntRange(min = 0, max = 30) Integer> loads) {
        List<Endpoint> eps = endpoints(weights);
        for (int i = 0; i < eps.size(); i++) {
            for (int k = 0; k < loads.get(i); k++) {
                eps.get(i).acquire();
            }
        }
        Endpoint picked = new LeastLoaded().pick(context(eps, UNUSED, () -> 0L));
        double ratio = (double) picked.outstanding() / picked.weight();
        for (Endpoint e : eps) {
            assertTrue(ratio <= (double) e.outstanding() / e.weight(), picked + " over " + e + ", loads " + loads);
        }
    }

    @Test
    void comparesLoadRelativeToWeight() {
        List<Endpoint> eps = endpoints(4, 1);
        for (int i = 0; i < 3; i++) {
            eps.get(0).acquire();                             // 3 / 4 < 1 / 1
        }
        eps.get(1).acquire();
        assertSame(eps.get(0), new LeastLoaded().pick(context(eps, UNUSED, () -> 0L)));
    }

    @Test
    void tiedEndpointsBehindABusyOneAlternate() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        eps.get(0).acquire();
        assertEquals("bcbcbc", Picks.letters(new LeastLoaded(), eps, UNUSED, 6));
    }

    @Test
    void equalEndpointsUnderLoadShareEvenly() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        Map<Endpoint, Integer> counts = new Simulation(new LeastLoaded(), eps, 16, 7, e -> MEAN_10_MS).run(PICKS);
        for (Endpoint e : eps) {
            assertShare(0.25, EQUAL_TOLERANCE, counts, e);
        }
    }

    @Test
    void endpointWithManyOutstandingGetsMarkedlyLess() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        Endpoint busy = eps.get(3);
        for (int i = 0; i < 8; i++) {
            busy.acquire();
        }
        Map<Endpoint, Integer> counts = new Simulation(new LeastLoaded(), eps, 16, 7, e -> MEAN_10_MS).run(PICKS);
        assertTrue(share(counts, busy) < 0.05, "a fair share is 0.25; the busy one got " + counts);
    }

    @Test
    void weightsShiftSharesInProportionUnderLoad() {
        List<Endpoint> eps = endpoints(1, 2, 3);
        Simulation sim = new Simulation(new LeastLoaded(), eps, 64, 7, e -> MEAN_10_MS);
        sim.run(10_000);
        Map<Endpoint, Integer> counts = sim.run(PICKS);
        for (Endpoint e : eps) {
            assertShare(e.weight() / 6.0, WEIGHTED_TOLERANCE, counts, e);
        }
    }

    @Test
    void changedCandidatesAreFollowedAtOnce() {
        List<Endpoint> all = endpoints(1, 1, 1);
        List<Endpoint> withoutA = all.subList(1, 3);
        var balancer = new LeastLoaded();
        all.get(1).acquire();
        assertSame(all.get(0), balancer.pick(context(all, UNUSED, () -> 0L)));
        assertSame(all.get(2), balancer.pick(context(withoutA, UNUSED, () -> 0L)));
        assertEquals(1, all.get(1).outstanding(), "load is the endpoints', untouched by picks");
    }

    @Test
    void oneCandidateIsTakenAndNoneGivesNull() {
        List<Endpoint> one = endpoints(1);
        PickContext context = context(one, UNUSED, () -> 0L);
        assertSame(one.get(0), new LeastLoaded().pick(context));
        assertNull(new LeastLoaded().pick(context(List.of(), UNUSED, () -> 0L)));
    }
}
