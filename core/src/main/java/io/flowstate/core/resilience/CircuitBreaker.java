package io.flowstate.core.resilience;

import io.flowstate.core.config.BreakerConfig;

/**
 * A circuit breaker for one endpoint: closed, open, half-open, over a rolling window
 * (Nygard, <i>Release It!</i>, "Circuit Breaker"; the rolling-window variant of
 * Resilience4j's {@code CircuitBreakerStateMachine}).
 *
 * <ul>
 *   <li>Closed: everything is admitted; each finished try lands in the bucket of its end
 *       time; when the last {@code window} holds at least {@code minimumRequests} tries and
 *       at least {@code failureRatio} of them failed, the breaker opens.</li>
 *   <li>Open: nothing is admitted until {@code openFor} has passed; the first
 *       {@link #tryAcquire} after that half-opens it.</li>
 *   <li>Half-open: {@code halfOpenRequests} trial tries are admitted, no more; the first
 *       failure opens it again, and when all trials have succeeded it closes with an empty
 *       window. A try admitted while closed that ends now counts as a trial result, which
 *       is what it is: news of the endpoint.</li>
 * </ul>
 *
 * <p>The window is {@value #BUCKETS} buckets of {@code window / BUCKETS} each. Thread
 * contract: any thread; each method holds this breaker's monitor for a few field updates.
 * Time comes from the caller so tests drive it by hand.
 */
public final class CircuitBreaker {
    static final int BUCKETS = 10;

    /** The three states, with the gauge value the metrics use. */
    public enum State {
        CLOSED(0), OPEN(1), HALF_OPEN(2);

        private final int gauge;

        State(int gauge) {
            this.gauge = gauge;
        }

        public int gauge() {
            return gauge;
        }
    }

    private final BreakerConfig config;
    private final long bucketNanos;
    private final long[] bucketIndex = new long[BUCKETS];
    private final int[] successes = new int[BUCKETS];
    private final int[] failures = new int[BUCKETS];
    private volatile State state = State.CLOSED;
    private long openUntil;
    private int trialsAdmitted;
    private int trialsPassed;

    public CircuitBreaker(BreakerConfig config) {
        this.config = config;
        this.bucketNanos = Math.max(1, config.window().toNanos() / BUCKETS);
        java.util.Arrays.fill(bucketIndex, Long.MIN_VALUE);
    }

    public BreakerConfig config() {
        return config;
    }

    public State state() {
        return state;
    }

    /** When an open breaker may half-open; meaningful only while open. */
    public synchronized long openUntilNanos() {
        return openUntil;
    }

    /**
     * Asks to send one try at {@code now}.
     *
     * @return whether it is admitted; an admitted try must be {@link #record recorded}
     */
    public synchronized boolean tryAcquire(long now) {
        if (state == State.OPEN && now - openUntil >= 0) {
            halfOpen();
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialsAdmitted < config.halfOpenRequests()) {
                    trialsAdmitted++;
                    yield true;
                }
                yield false;
            }
        };
    }

    /**
     * Moves an open breaker whose time is up to half-open without admitting anything
     * (the pool's timer calls this so that the endpoint becomes a candidate again).
     *
     * @return whether it half-opened now
     */
    public synchronized boolean halfOpenIfDue(long now) {
        if (state == State.OPEN && now - openUntil >= 0) {
            halfOpen();
            return true;
        }
        return false;
    }

    /**
     * Records how an admitted try ended at {@code now}.
     *
     * @return the new state when this result changed it, else null
     */
    public synchronized State record(boolean failed, long now) {
        switch (state) {
            case CLOSED -> {
                int slot = slot(now);
                if (failed) {
                    failures[slot]++;
                } else {
                    successes[slot]++;
                }
                long first = now / bucketNanos - BUCKETS + 1;
                int total = 0;
                int failedTotal = 0;
                for (int i = 0; i < BUCKETS; i++) {
                    if (bucketIndex[i] >= first) {
                        total += successes[i] + failures[i];
                        failedTotal += failures[i];
                    }
                }
                if (total >= config.minimumRequests() && failedTotal >= config.failureRatio() * total) {
                    open(now);
                    return State.OPEN;
                }
                return null;
            }
            case HALF_OPEN -> {
                if (failed) {
                    open(now);
                    return State.OPEN;
                }
                trialsPassed++;
                if (trialsPassed >= config.halfOpenRequests()) {
                    close();
                    return State.CLOSED;
                }
                return null;
            }
            default -> {
                return null;                                   // open: late news of tries admitted before
            }
        }
    }

    private int slot(long now) {
        long index = now / bucketNanos;
        int slot = (int) Math.floorMod(index, (long) BUCKETS);
        if (bucketIndex[slot] != index) {
            bucketIndex[slot] = index;
            successes[slot] = 0;
            failures[slot] = 0;
        }
        return slot;
    }

    /**
     * An admitted try ended with no news of the endpoint (its client left): a half-open
     * trial gives its slot back, so that a breaker whose trials were all abandoned does not
     * stay half-open and refuse everything.
     */
    public synchronized void abandon() {
        if (state == State.HALF_OPEN && trialsAdmitted > trialsPassed) {
            trialsAdmitted--;
        }
    }

    private void open(long now) {
        state = State.OPEN;
        openUntil = now + config.openFor().toNanos();
    }

    private void halfOpen() {
        state = State.HALF_OPEN;
        trialsAdmitted = 0;
        trialsPassed = 0;
    }

    private void close() {
        state = State.CLOSED;
        java.util.Arrays.fill(bucketIndex, Long.MIN_VALUE);
    }
}
