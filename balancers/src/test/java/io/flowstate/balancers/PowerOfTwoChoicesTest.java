package io.flowstate.balancers;

import static io.flowstate.balancers.Picks.context;
import static io.flowstate.balancers.Picks.endpoints;
import static io.flowstate.balancers.Picks.share;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.pool.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * p2c. Tolerances are stated per test; every run is seeded, so they hold by construction
 * for these seeds and say how far from the ideal the algorithm may drift for others.
 */
class PowerOfTwoChoicesTest {

    private static final int PICKS = 100_000;
    private static final long MEAN_10_MS = 10_000_000L;
    /** Shares of equal endpoints over 100k picks stay within 1 percentage point of 1/n. */
    private static final double EQUAL_TOLERANCE = 0.01;
    /** Shares of weighted endpoints under load stay within 2.5 points of weight / total. */
    private static final double WEIGHTED_TOLERANCE = 0.025;

    private static void assertShare(double expected, double tolerance, Map<Endpoint, Integer> counts, Endpoint e) {
        double actual = share(counts, e);
        assertTrue(Math.abs(actual - expected) <= tolerance,
                e + " got " + actual + ", expected " + expected + " +- " + tolerance + ": " + counts);
    }

    @Test
    void equalIdleEndpointsShareEvenly() {
        List<Endpoint> eps = endpoints(1, 1, 1);
        Map<Endpoint, Integer> counts = Picks.idle(new PowerOfTwoChoices(1.0), eps, new SplittableRandom(42), PICKS);
        for (Endpoint e : eps) {
            assertShare(1.0 / 3, EQUAL_TOLERANCE, counts, e);
        }
    }

    @Test
    void equalEndpointsUnderLoadShareEvenly() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        Simulation sim = new Simulation(new PowerOfTwoChoices(1.0), eps, 16, 7, e -> MEAN_10_MS);
        Map<Endpoint, Integer> counts = sim.run(PICKS);
        for (Endpoint e : eps) {
            assertShare(0.25, EQUAL_TOLERANCE, counts, e);
        }
    }

    @Test
    void endpointWithManyOutstandingGetsMarkedlyLess() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        Endpoint busy = eps.get(3);
        for (int i = 0; i < 8; i++) {
            busy.acquire();                                   // eight requests stuck on it
        }
        Simulation sim = new Simulation(new PowerOfTwoChoices(1.0), eps, 16, 7, e -> MEAN_10_MS);
        Map<Endpoint, Integer> counts = sim.run(PICKS);
        assertTrue(share(counts, busy) < 0.05, "a fair share is 0.25; the busy one got " + counts);
    }

    @Test
    void weightsShiftSharesInProportionUnderLoad() {
        List<Endpoint> eps = endpoints(1, 2, 3);
        Simulation sim = new Simulation(new PowerOfTwoChoices(1.0), eps, 16, 7, e -> MEAN_10_MS);
        sim.run(10_000);
        Map<Endpoint, Integer> counts = sim.run(PICKS);
        for (Endpoint e : eps) {
            assertShare(e.weight() / 6.0, WEIGHTED_TOLERANCE, counts, e);
        }
    }

    /** The documented caveat: with nothing in flight the heavier of each pair always wins. */
    @Test
    void idlePoolSendsTheHeavierOfEachPair() {
        List<Endpoint> eps = endpoints(1, 2, 3);
        Map<Endpoint, Integer> counts = Picks.idle(new PowerOfTwoChoices(1.0), eps, new SplittableRandom(42), 30_000);
        assertEquals(0, counts.get(eps.get(0)));
        assertShare(1.0 / 3, EQUAL_TOLERANCE, counts, eps.get(1));   // wins only the pair {1, 2}
        assertShare(2.0 / 3, EQUAL_TOLERANCE, counts, eps.get(2));   // wins both pairs it is in
    }

    /**
     * The two are distinct and every pair is equally likely: with outstanding 0, 1, 2, 3 the
     * less loaded of the pair wins, so endpoint k is picked with probability
     * (number of pairs where it is the least loaded) / 6 = 3/6, 2/6, 1/6, 0.
     */
    @Test
    void pairsAreDistinctAndUniform() {
        List<Endpoint> eps = endpoints(1, 1, 1, 1);
        for (int k = 0; k < eps.size(); k++) {
            for (int i = 0; i < k; i++) {
                eps.get(k).acquire();
            }
        }
        Map<Endpoint, Integer> counts = Picks.idle(new PowerOfTwoChoices(1.0), eps, new SplittableRandom(3), PICKS);
        assertShare(3.0 / 6, EQUAL_TOLERANCE, counts, eps.get(0));
        assertShare(2.0 / 6, EQUAL_TOLERANCE, counts, eps.get(1));
        assertShare(1.0 / 6, EQUAL_TOLERANCE, counts, eps.get(2));
        assertEquals(0, counts.get(eps.get(3)), "never drawn against itself");
    }

    @Property(tries = 200)
    void effectiveWeightDecidesTheWinner(@ForAll @IntRange(min = 1, max = 1000) int weightA,
                                         @ForAll @IntRange(min = 0, max = 50) int loadA,
                                         @ForAll @IntRange(min = 1, max = 1000) int weightB,
                                         @ForAll @IntRange(min = 0, max = 50) int loadB,
                                         @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 4) Integer> biases) {
        List<Endpoint> eps = endpoints(weightA, weightB);
        for (int i = 0; i < loadA; i++) {
            eps.get(0).acquire();
        }
        for (int i = 0; i < loadB; i++) {
            eps.get(1).acquire();
        }
        for (int bias : biases) {
            double a = weightA / Math.pow(loadA + 1, bias);
            double b = weightB / Math.pow(loadB + 1, bias);
            Map<Endpoint, Integer> counts = Picks.idle(new PowerOfTwoChoices(bias), eps, new SplittableRandom(bias), 40);
            if (a > b) {
                assertEquals(40, counts.get(eps.get(0)), "bias " + bias);
            } else if (b > a) {
                assertEquals(40, counts.get(eps.get(1)), "bias " + bias);
            } else {
                assertTrue(counts.get(eps.get(0)) > 0 && counts.get(eps.get(1)) > 0, "a tie goes to either: " + counts);
            }
        }
    }

    @Test
    void biasZeroIgnoresLoad() {
        List<Endpoint> eps = endpoints(2, 1);
        for (int i = 0; i < 100; i++) {
            eps.get(0).acquire();
        }
        Map<Endpoint, Integer> counts = Picks.idle(new PowerOfTwoChoices(0), eps, new SplittableRandom(5), 100);
        assertEquals(100, counts.get(eps.get(0)));
    }

    @Test
    void oneCandidateIsTakenAndNoneGivesNull() {
        List<Endpoint> one = endpoints(1);
        var p2c = new PowerOfTwoChoices(1.0);
        assertSame(one.get(0), p2c.pick(context(one, new SplittableRandom(1), () -> 0L)));
        assertNull(p2c.pick(context(List.of(), new SplittableRandom(1), () -> 0L)));
    }

    @Test
    void biasOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PowerOfTwoChoices(-0.5));
        assertThrows(IllegalArgumentException.class, () -> new PowerOfTwoChoices(10.5));
        assertThrows(IllegalArgumentException.class, () -> new PowerOfTwoChoices(Double.NaN));
    }
}
