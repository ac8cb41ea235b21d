package io.flowstate.core.pool;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One endpoint's latency estimate, peak-sensitive: Finagle's peak EWMA
 * ({@code com.twitter.finagle.loadbalancer.PeakEwma}, its {@code Metric}).
 *
 * <p>Written by the proxy path once per try ({@link #observe}, from any thread), read by
 * balancers on every pick ({@link #costNanos}). Neither takes a lock; a read writes nothing.
 */
public final class PeakEwma {
    /*
     * The algorithm. The state is a cost c (nanoseconds) and the time s it was set.
     *
     *   observe(rtt, t):  w = exp(-(t - s) / tau)
     *                     c = rtt                     if rtt > c   (a peak counts at once)
     *                     c = c * w + rtt * (1 - w)   otherwise    (a lower sample pulls it
     *                                                               down, the more the longer
     *                                                               it has been since s)
     *                     s = t
     *   cost(t):          c * exp(-(t - s) / tau)     (fades toward 0 while nothing comes)
     *
     * Finagle's Metric.get() writes the decay back (observe(0.0)); here reading is pure, so
     * picks contend on nothing. That the cost fades toward 0 is what makes an endpoint that
     * was slow, and so stopped getting traffic, be tried again after a few tau: if it has
     * recovered, its next samples keep it cheap.
     *
     * Lock-free: the pair (c, s) is one immutable value swapped in by compare-and-set, one
     * small allocation per sample. Stamps only move forward, so samples that race in out of
     * order never make time run backwards.
     */

    /** Finagle's default decay time, and ours: 10 s. */
    public static final long DEFAULT_DECAY_NANOS = 10_000_000_000L;

    private record State(double costNanos, long stampNanos) {
    }

    private final double decayNanos;
    private final AtomicReference<State> state = new AtomicReference<>();

    /** @param decayNanos the time constant tau: after tau without samples the cost is down to 1/e; greater than 0 */
    public PeakEwma(long decayNanos) {
        if (decayNanos <= 0) {
            throw new IllegalArgumentException("decay " + decayNanos + " ns must be greater than 0");
        }
        this.decayNanos = decayNanos;
    }

    public long decayNanos() {
        return (long) decayNanos;
    }

    /**
     * Records one latency sample.
     *
     * @param latencyNanos how long the try took; a negative value counts as 0
     * @param nowNanos     when it ended, on the same clock as every other call
     */
    public void observe(long latencyNanos, long nowNanos) {
        double rtt = Math.max(0L, latencyNanos);
        while (true) {
            State prev = state.get();
            State next;
            if (prev == null) {
                next = new State(rtt, nowNanos);
            } else {
                long stamp = Math.max(prev.stampNanos(), nowNanos);
                if (rtt > prev.costNanos()) {
                    next = new State(rtt, stamp);
                } else {
                    double w = weight(nowNanos - prev.stampNanos());
                    next = new State(prev.costNanos() * w + rtt * (1 - w), stamp);
                }
            }
            if (state.compareAndSet(prev, next)) {
                return;
            }
        }
    }

    /** Whether any sample was ever observed. */
    public boolean hasSamples() {
        return state.get() != null;
    }

    /** The estimate at {@code nowNanos}, in nanoseconds; 0 when there has been no sample. */
    public double costNanos(long nowNanos) {
        State s = state.get();
        return s == null ? 0 : s.costNanos() * weight(nowNanos - s.stampNanos());
    }

    /** exp(-elapsed / tau); 1 when the clock reads before the stamp. */
    private double weight(long elapsedNanos) {
        return elapsedNanos <= 0 ? 1 : Math.exp(-elapsedNanos / decayNanos);
    }

    @Override
    public String toString() {
        State s = state.get();
        return s == null ? "no samples" : String.format("%.3f ms at %d", s.costNanos() / 1e6, s.stampNanos());
    }
}
