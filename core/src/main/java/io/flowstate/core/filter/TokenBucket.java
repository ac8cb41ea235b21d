package io.flowstate.core.filter;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A token bucket: it holds at most {@code burst} tokens, gains tokens at a fixed rate, and
 * each request takes one token or is refused. This is the classic token bucket (Tanenbaum,
 * <i>Computer Networks</i>, "The Token Bucket Algorithm"; it is bucket C of RFC 2697 section
 * 3, of size CBS and filled at rate CIR, without the second bucket and the colours), with one
 * token per request instead of one per byte.
 *
 * <p>Callers pass the time, in nanoseconds of one monotonic ticker; the bucket reads no
 * clock. Thread-safe without locks: any number of threads may call {@link #tryTake} at once.
 * A new bucket is full.
 */
final class TokenBucket {
    /*
     * Fixed point, no rounding.
     *
     * One token is UNITS_PER_TOKEN = 10^12 units. The rate is a whole number r of thousandths
     * of a request per second (the config allows three decimals), and
     *
     *     1/1000 token per second = 10^12 / 1000 units per 10^9 ns = 1 unit per ns,
     *
     * so the bucket gains exactly r units every nanosecond. Everything is whole numbers on
     * longs: nothing is rounded when tokens are added or taken, so no error builds up however
     * long the bucket lives (with a floating-point or a rounded per-token interval, a rate of
     * 3/s would drift by a fraction of a nanosecond per token). Capacity is burst * 10^12
     * units, at most 10^18 with burst <= 10^6, and r <= 10^9, so no sum below overflows.
     *
     * State: one immutable pair (units held, the nanoTime they were counted at) behind one
     * AtomicReference, replaced by compare-and-set (as Resilience4j's AtomicRateLimiter and
     * Bucket4j's lock-free buckets do). The units held at a later time t are
     *
     *     min(capacity, units + (t - nanos) * r),
     *
     * computed without overflow: when t - nanos >= ceil((capacity - units) / r) the bucket is
     * full, else the product is below capacity.
     *
     * Take: read the pair, count the units now; with at least one token, CAS in
     * (units - 10^12, now) and admit; if the CAS loses, another thread changed the pair:
     * start again from the new one. Refusals write nothing, since counting later gives the
     * same result (min(c, min(c, u + a) + b) = min(c, u + a + b) for a, b >= 0), so under a
     * flood the refused requests neither allocate nor contend. The wait a refusal reports is
     * exact: the first nanosecond at which a whole token is there, ceil((10^12 - units) / r)
     * after the later of now and the pair's time.
     *
     * The cap: a full bucket gains nothing, as in the continuous model. A bucket of burst 1
     * taken from a fraction of a nanosecond after it filled has lost that fraction, so its
     * tokens come one interval after each take, rounded up to the nanosecond; with burst >= 2
     * and takes on time the bucket never reaches the cap and token k comes at exactly
     * ceil(k * 10^12 / r) ns after the burst was drained.
     *
     * Time: differences of ticker readings, so a ticker that wraps past Long.MAX_VALUE works.
     * A reading older than the pair's (a thread that read the ticker before another thread's
     * CAS) counts as no time passed, and the pair keeps the later time, so no stretch of time
     * is ever counted twice.
     */

    /** Units in one token: a rate in thousandths of a request per second is then units per nanosecond. */
    static final long UNITS_PER_TOKEN = 1_000_000_000_000L;
    /** What {@link #tryTake} returns once {@link #retireIfFull} has taken the bucket out of use. */
    static final long RETIRED = -1;

    /** Units held at {@code nanos}. */
    private record State(long units, long nanos) {
    }

    private static final State RETIRED_STATE = new State(-1, 0);

    private final long unitsPerNano;
    private final long capacity;
    private final AtomicReference<State> state;

    /**
     * A full bucket.
     *
     * @param milliRate the rate in thousandths of a request per second, 1 to 10^9
     * @param burst     the most tokens held, 1 to 10^6
     * @param nowNanos  the current ticker reading
     */
    TokenBucket(long milliRate, long burst, long nowNanos) {
        if (milliRate < 1 || milliRate > 1_000_000_000L) {
            throw new IllegalArgumentException("milliRate must be 1 to 10^9, got " + milliRate);
        }
        if (burst < 1 || burst > 1_000_000L) {
            throw new IllegalArgumentException("burst must be 1 to 10^6, got " + burst);
        }
        this.unitsPerNano = milliRate;
        this.capacity = burst * UNITS_PER_TOKEN;
        this.state = new AtomicReference<>(new State(capacity, nowNanos));
    }

    /**
     * Takes one token if there is one.
     *
     * @return 0 when a token was taken (admit); otherwise the nanoseconds until one will be
     *         there (at least 1) if no one else takes it, or {@link #RETIRED}
     */
    long tryTake(long nowNanos) {
        while (true) {
            State s = state.get();
            if (s == RETIRED_STATE) {
                return RETIRED;
            }
            long units = unitsAt(s, nowNanos);
            if (units < UNITS_PER_TOKEN) {
                long behind = s.nanos() - nowNanos;            // a stale reading: count from the pair's time
                return Math.ceilDiv(UNITS_PER_TOKEN - units, unitsPerNano) + Math.max(0, behind);
            }
            long nanos = nowNanos - s.nanos() > 0 ? nowNanos : s.nanos();
            if (state.compareAndSet(s, new State(units - UNITS_PER_TOKEN, nanos))) {
                return 0;
            }
        }
    }

    /**
     * Takes the bucket out of use if it is full at {@code nowNanos}: a full bucket is the same
     * as a new one, so its owner can drop it and lose nothing. Every later {@link #tryTake}
     * returns {@link #RETIRED}. Returns whether the bucket is retired (by this call or before).
     */
    boolean retireIfFull(long nowNanos) {
        while (true) {
            State s = state.get();
            if (s == RETIRED_STATE) {
                return true;
            }
            if (unitsAt(s, nowNanos) < capacity) {
                return false;
            }
            if (state.compareAndSet(s, RETIRED_STATE)) {
                return true;
            }
        }
    }

    /** The units held at {@code nowNanos} (a token is {@link #UNITS_PER_TOKEN}); -1 when retired. */
    long unitsAt(long nowNanos) {
        State s = state.get();
        return s == RETIRED_STATE ? -1 : unitsAt(s, nowNanos);
    }

    private long unitsAt(State s, long nowNanos) {
        long elapsed = nowNanos - s.nanos();
        if (elapsed <= 0) {
            return s.units();
        }
        long missing = capacity - s.units();
        if (elapsed >= Math.ceilDiv(missing, unitsPerNano)) {
            return capacity;
        }
        return s.units() + elapsed * unitsPerNano;
    }

    @Override
    public String toString() {
        return "TokenBucket[" + unitsPerNano + " units/ns, capacity " + capacity / UNITS_PER_TOKEN + "]";
    }
}
