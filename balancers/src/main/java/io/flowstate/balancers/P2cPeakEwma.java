package io.flowstate.balancers;

import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PeakEwma;
import io.flowstate.core.pool.PickContext;

/**
 * Power of two choices over peak-EWMA latency times load: Finagle's
 * {@code P2CPeakEwma} ({@code com.twitter.finagle.loadbalancer.p2c}, with
 * {@code PeakEwma}); the two choices as in M. Mitzenmacher, "The Power of Two Choices in
 * Randomized Load Balancing", IEEE TPDS 12(10), 2001. Config name {@code "p2c-ewma"};
 * option {@code decay} (the time constant of each endpoint's {@link PeakEwma}).
 *
 * <p>Each pick draws two distinct candidates uniformly at random, as {@link PowerOfTwoChoices}
 * does, and takes the one with the lower cost
 * {@code latency(now) * (outstanding + 1) / weight}; a tie goes to the first drawn.
 * {@code latency(now)} is the endpoint's {@link PeakEwma}, which the proxy path feeds with
 * the time from send to response head (or failure) of every try: it jumps up at once on a
 * slower sample and decays with time constant tau.
 */
public final class P2cPeakEwma extends TwoChoices {
    /*
     * An endpoint that has never answered (no sample yet) costs 0 while it has nothing
     * outstanding, so a new endpoint gets a first probe at once; while that probe is
     * outstanding it costs PENALTY_NANOS + outstanding, so it is not favoured blindly with
     * more before its latency is known (Finagle: "if we don't have any latency history, we
     * penalize the host on the first probe").
     *
     * A slow endpoint's cost stays high only while samples keep it there: with fewer picks
     * it gets fewer samples, its estimate fades toward 0 over a few tau, and it is probed
     * again. If it has recovered, the fast samples keep it cheap and its share returns.
     *
     * Weights divide the cost: an endpoint of weight 2 is taken to serve twice the load at
     * the same latency. (Finagle has no weights here; equal weights give its behaviour.)
     *
     * No state in the balancer: latency and load live in the endpoints, which outlive
     * reloads, so a changed candidate list needs nothing.
     */

    /** Finagle's penalty for an endpoint without latency history: {@code Long.MAX_VALUE >> 16} ns, about 39 h. */
    static final double PENALTY_NANOS = Long.MAX_VALUE >> 16;

    @Override
    boolean prefersSecond(Endpoint first, Endpoint second, PickContext context) {
        long now = context.ticker().nanoTime();
        return cost(second, now) < cost(first, now);
    }

    /** {@code latency * (outstanding + 1) / weight}, or the penalty for an endpoint with no sample and a probe out. */
    static double cost(Endpoint e, long nowNanos) {
        int outstanding = Math.max(0, e.outstanding());
        PeakEwma latency = e.latency();
        if (!latency.hasSamples()) {
            return outstanding == 0 ? 0 : (PENALTY_NANOS + outstanding) / e.weight();
        }
        return latency.costNanos(nowNanos) * (outstanding + 1) / e.weight();
    }

    @Override
    public String toString() {
        return "p2c-ewma";
    }
}
