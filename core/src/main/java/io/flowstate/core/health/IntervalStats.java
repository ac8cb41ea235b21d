package io.flowstate.core.health;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One endpoint's tries during the current outlier-detection interval: successes, failures,
 * and a latency histogram, for {@link SuccessRateOutliers} and {@link LatencyOutliers}.
 *
 * <p>Recording takes no lock: adders and an atomic array in a window object that
 * {@link #roll()} replaces wholesale at the end of each interval. A try that records while
 * the window rolls may land in either; over an interval of seconds that is noise.
 *
 * <p>Latency buckets are powers of two of {@value #UNIT_NANOS} ns (16.4 us .. ~10 min); a
 * quantile is interpolated linearly inside its bucket, so it is within a factor of two of
 * the truth, and exact enough to tell a backend three times slower than its peers.
 */
public final class IntervalStats {
    static final int UNIT_SHIFT = 14;
    static final long UNIT_NANOS = 1L << UNIT_SHIFT;
    static final int BUCKETS = 26;

    /** What one interval saw. */
    public static final class Window {
        private final LongAdder successes = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final AtomicLongArray latency = new AtomicLongArray(BUCKETS);

        public long successes() {
            return successes.sum();
        }

        public long failures() {
            return failures.sum();
        }

        public long total() {
            return successes() + failures();
        }

        /** Successes over all tries, 0..1; 1 when there were none. */
        public double successRate() {
            long t = total();
            return t == 0 ? 1.0 : (double) successes() / t;
        }

        /** Tries with a latency sample. */
        public long latencySamples() {
            long n = 0;
            for (int i = 0; i < BUCKETS; i++) {
                n += latency.get(i);
            }
            return n;
        }

        /**
         * The {@code q} quantile of latency in nanoseconds (0 when there are no samples).
         *
         * @param q greater than 0, at most 1
         */
        public long latencyQuantileNanos(double q) {
            long n = latencySamples();
            if (n == 0) {
                return 0;
            }
            double rank = q * n;
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                long c = latency.get(i);
                if (c > 0 && seen + c >= rank) {
                    long lo = i == 0 ? 0 : UNIT_NANOS << (i - 1);
                    long hi = UNIT_NANOS << i;
                    double within = (rank - seen) / c;
                    return lo + (long) ((hi - lo) * within);
                }
                seen += c;
            }
            return UNIT_NANOS << (BUCKETS - 1);
        }

        void record(boolean success, long latencyNanos) {
            (success ? successes : failures).increment();
            if (latencyNanos >= 0) {
                latency.incrementAndGet(bucket(latencyNanos));
            }
        }
    }

    private volatile Window current = new Window();

    /**
     * Records one finished try.
     *
     * @param latencyNanos from send to response head or failure; negative when unknown
     */
    public void record(boolean success, long latencyNanos) {
        current.record(success, latencyNanos);
    }

    /** Ends the interval: returns what it saw and starts an empty one. */
    public Window roll() {
        Window w = current;
        current = new Window();
        return w;
    }

    /** The interval so far (for views; it keeps filling). */
    public Window current() {
        return current;
    }

    static int bucket(long nanos) {
        long units = nanos >>> UNIT_SHIFT;
        int b = 64 - Long.numberOfLeadingZeros(units);       // 0 for < 1 unit, 1 for [1, 2), ...
        return Math.min(b, BUCKETS - 1);
    }
}
