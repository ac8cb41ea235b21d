package io.flowstate.balancers;

import static io.flowstate.balancers.Picks.context;
import static io.flowstate.balancers.Picks.share;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PeakEwma;
import io.flowstate.core.pool.PickContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** p2c-ewma on a simulated clock: nothing sleeps, and time is whatever the test says. */
class P2cPeakEwmaTest {

    private static final long MS = 1_000_000L;
    private static final long FAST_MEAN = 10 * MS;
    private static final long SLOW_MEAN = 100 * MS;
    /** While 10x slower, the slow endpoint of three gets under 5% (a fair share is 33%). */
    private static final double SLOW_SHARE_BOUND = 0.05;
    /** Ten decay times after it speeds up, it is back above 25%. */
    private static final double RECOVERED_SHARE_BOUND = 0.25;

    private static List<Endpoint> endpoints(int n, long decayNanos) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Endpoint("127.0.0.1", 9001 + i, 1, decayNanos));
        }
        return out;
    }

    /** Runs the simulation until its clock has moved {@code nanos} further. */
    private static void runFor(Simulation sim, long nanos) {
        long until = sim.now() + nanos;
        while (sim.now() < until) {
            sim.run(100);
        }
    }

    @Test
    void tenTimesSlowerEndpointLosesItsShareAndWinsItBack() {
        List<Endpoint> eps = endpoints(3, PeakEwma.DEFAULT_DECAY_NANOS);
        Endpoint slow = eps.get(2);
        Simulation sim = new Simulation(new P2cPeakEwma(), eps, 8, 11, e -> e == slow ? SLOW_MEAN : FAST_MEAN);
        runFor(sim, 5 * PeakEwma.DEFAULT_DECAY_NANOS);
        Map<Endpoint, Integer> whileSlow = sim.run(50_000);
        assertTrue(share(whileSlow, slow) < SLOW_SHARE_BOUND, "while slow: " + whileSlow);

        sim.meanNanos(e -> FAST_MEAN);
        runFor(sim, 10 * PeakEwma.DEFAULT_DECAY_NANOS);
        Map<Endpoint, Integer> recovered = sim.run(50_000);
        assertTrue(share(recovered, slow) > RECOVERED_SHARE_BOUND, "after it sped up: " + recovered);
    }

    @Test
    void equalEndpointsShareEvenly() {
        List<Endpoint> eps = endpoints(3, PeakEwma.DEFAULT_DECAY_NANOS);
        Map<Endpoint, Integer> counts = new Simulation(new P2cPeakEwma(), eps, 8, 11, e -> FAST_MEAN).run(100_000);
        for (Endpoint e : eps) {
            assertTrue(Math.abs(share(counts, e) - 1.0 / 3) < 0.02, "within 2 points of 1/3: " + counts);
        }
    }

    @Test
    void costIsLatencyTimesOutstandingPlusOneOverWeight() {
        Endpoint e = new Endpoint("127.0.0.1", 9001, 2, 1_000 * MS);
        e.observeLatency(0, 10 * MS);                         // 10 ms, sampled at t = 10 ms
        e.acquire();
        e.acquire();
        assertEquals(10.0 * MS * 3 / 2, P2cPeakEwma.cost(e, 10 * MS), 1e-6);
        assertEquals(10.0 * MS * Math.exp(-1) * 3 / 2, P2cPeakEwma.cost(e, 1_010 * MS), 1e-3, "decays with tau");
    }

    @Test
    void endpointWithoutSamplesGetsOneProbeThenWaitsForItsAnswer() {
        List<Endpoint> eps = endpoints(3, PeakEwma.DEFAULT_DECAY_NANOS);
        eps.get(0).observeLatency(0, 50 * MS);
        eps.get(1).observeLatency(0, 50 * MS);
        Endpoint fresh = eps.get(2);
        ManualTicker ticker = new ManualTicker(50 * MS);
        PickContext context = context(eps, new SplittableRandom(9), ticker);
        var balancer = new P2cPeakEwma();

        int probes = 0;
        for (int i = 0; i < 1_000; i++) {
            Endpoint e = balancer.pick(context);
            e.acquire();                                      // nothing completes: all stay in flight
            if (e == fresh) {
                probes++;
            }
        }
        assertEquals(1, probes, "a fresh endpoint costs nothing until its first try is out, then the penalty");

        fresh.observeLatency(50 * MS, 51 * MS);                // its first answer: 1 ms
        fresh.release();
        assertSame(fresh, balancer.pick(context(List.of(eps.get(0), fresh), new SplittableRandom(1), ticker)),
                "known to be fast now, it wins against a loaded slower one");
    }

    /**
     * Costs with tau = 1 s: the fast endpoint answers in 10 ms and keeps being sampled; the
     * slow one answered once in 100 ms and then got nothing, so its cost is 100 ms * e^(-t/tau).
     * It falls under 10 ms after tau * ln 10 = 2.3 s.
     */
    @Test
    void slowEndpointIsTriedAgainOnceItsCostHasFaded() {
        List<Endpoint> eps = endpoints(2, 1_000 * MS);
        Endpoint fast = eps.get(0);
        Endpoint slow = eps.get(1);
        ManualTicker ticker = new ManualTicker(1_000 * MS);
        fast.observeLatency(ticker.nanoTime() - 10 * MS, ticker.nanoTime());
        slow.observeLatency(ticker.nanoTime() - 100 * MS, ticker.nanoTime());
        var balancer = new P2cPeakEwma();
        PickContext context = context(eps, new SplittableRandom(1), ticker);
        assertSame(fast, balancer.pick(context));

        ticker.advance(2_000 * MS);                           // slow: 100 ms * e^-2 = 13.5 ms
        fast.observeLatency(ticker.nanoTime() - 10 * MS, ticker.nanoTime());
        assertSame(fast, balancer.pick(context));

        ticker.advance(500 * MS);                             // slow: 100 ms * e^-2.5 = 8.2 ms
        fast.observeLatency(ticker.nanoTime() - 10 * MS, ticker.nanoTime());
        assertSame(slow, balancer.pick(context), "without new samples a slow endpoint fades until it is probed again");
    }

    @Test
    void oneCandidateIsTakenAndNoneGivesNull() {
        List<Endpoint> one = endpoints(1, PeakEwma.DEFAULT_DECAY_NANOS);
        assertSame(one.get(0), new P2cPeakEwma().pick(context(one, new SplittableRandom(1), () -> 0L)));
        assertNull(new P2cPeakEwma().pick(context(List.of(), new SplittableRandom(1), () -> 0L)));
    }
}
