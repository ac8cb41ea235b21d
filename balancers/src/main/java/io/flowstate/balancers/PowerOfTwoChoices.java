package io.flowstate.balancers;

import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;

/**
 * The power of two random choices over outstanding requests: M. Mitzenmacher, "The Power
 * of Two Choices in Randomized Load Balancing", IEEE TPDS 12(10), 2001; weighted as Envoy's
 * least-request balancer does ({@code source/common/upstream/load_balancer_impl.cc},
 * {@code LeastRequestLoadBalancer}, option {@code active_request_bias}). Config name
 * {@code "p2c"}; option {@code bias}.
 *
 * <p>Each pick draws two distinct candidates uniformly at random and takes the one with
 * the larger effective weight {@code weight / (outstanding + 1)^bias}; a tie goes to the
 * first drawn, itself uniform. With one candidate it is taken.
 */
public final class PowerOfTwoChoices extends TwoChoices {
    /*
     * Why two choices: picking the less loaded of two random endpoints keeps the busiest
     * one within O(log log n) of the mean, where one random choice leaves it O(log n / log
     * log n) above (Mitzenmacher, theorem 1) -- nearly all the benefit of a full scan at
     * the cost of two reads, and no herd on the single least-loaded endpoint when many
     * pickers see the same stale counts.
     *
     * The pair: i uniform in [0, n), j uniform in [0, n - 1), shifted past i. Every
     * ordered pair of distinct indexes is equally likely (the classic "j = i + 1 when they
     * collide" would favour i's neighbour).
     *
     * Weights: bias 1 (the default) compares weight / (outstanding + 1) exactly, by
     * cross-multiplying longs. Bias 0 ignores load and takes the heavier of the two; a
     * large bias ignores weights once any request is outstanding. Without requests in
     * flight every endpoint is at outstanding 0, so a heavier endpoint wins every pair it
     * is drawn in: shares follow the weights in proportion only once requests overlap,
     * and an idle pool sends a heavy endpoint more than its share.
     *
     * No state: everything lives in the endpoints, so a changed candidate list needs
     * nothing, and concurrent picks share nothing but the endpoints' counters.
     */

    private final double bias;

    /** @param bias the exponent on {@code outstanding + 1}, 0 to 10; Envoy's and our default is 1 */
    public PowerOfTwoChoices(double bias) {
        if (!(bias >= 0 && bias <= 10)) {
            throw new IllegalArgumentException("bias " + bias + " is outside 0..10");
        }
        this.bias = bias;
    }

    public double bias() {
        return bias;
    }

    @Override
    boolean prefersSecond(Endpoint first, Endpoint second, PickContext context) {
        return prefers(second, first);
    }

    /** Whether {@code b}'s effective weight is strictly larger than {@code a}'s. */
    private boolean prefers(Endpoint b, Endpoint a) {
        long loadA = Math.max(0, a.outstanding()) + 1L;
        long loadB = Math.max(0, b.outstanding()) + 1L;
        if (bias == 1.0) {
            return b.weight() * loadA > a.weight() * loadB;
        }
        return b.weight() / Math.pow(loadB, bias) > a.weight() / Math.pow(loadA, bias);
    }

    @Override
    public String toString() {
        return "p2c(bias=" + bias + ")";
    }
}
