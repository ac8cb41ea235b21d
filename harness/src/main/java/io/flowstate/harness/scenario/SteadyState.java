package io.flowstate.harness.scenario;

import io.flowstate.harness.load.Second;
import io.flowstate.harness.load.WarmUp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a row has warmed up: the harness keeps the load on, second after second, until the
 * target's throughput has settled and, for a FlowState row, the proxy's JIT has gone quiet;
 * then it measures. Every row gets at least the profile's {@code warmup} and at most its
 * {@code warmupMax}; a row that reaches the cap unsettled is measured anyway and flagged.
 *
 * <p>The rule, checked after each warm-up second {@code s} once
 * {@code s >= max(warmup, }{@link #WINDOW_SECONDS}{@code )}:
 * <ul>
 *   <li><b>throughput</b>: over the last {@link #WINDOW_SECONDS} seconds, the spread of the
 *       per-second response counts, {@code (max - min) / mean}, is at most {@link #MAX_SPREAD}
 *       (a window of zeros has spread 0);</li>
 *   <li><b>JIT</b> (JVM targets only): the proxy JVM's {@code sun.ci.totalCompiles}
 *       ({@link JitCounter}) grew by at most {@link #MAX_JIT_COMPILES} over the same window. Not
 *       "not at all": a warm HotSpot still compiles a method now and then (a rarely taken branch,
 *       a deoptimisation); what matters is that the stream of hot-path compilations of the first
 *       seconds (hundreds a second) has stopped. A counter that cannot be read leaves the rule to
 *       throughput alone, and the verdict says so.</li>
 * </ul>
 *
 * <p>Within the measured window the same load should still be steady: {@link #drift} compares
 * its first and last seconds, and a row whose drift exceeds {@link #MAX_DRIFT} is flagged.
 *
 * <p>Contract: one instance per measured point, used by the thread running
 * {@link io.flowstate.harness.load.LoadGenerator#run} (see {@link WarmUp}); {@link #verdict}
 * after the run.
 */
public final class SteadyState implements WarmUp {
    /** Seconds over which throughput spread and JIT activity are judged. */
    public static final int WINDOW_SECONDS = 5;
    /** The largest {@code (max - min) / mean} of per-second throughput in a settled window. */
    public static final double MAX_SPREAD = 0.05;
    /** The most JIT compilations in a settled window. */
    public static final long MAX_JIT_COMPILES = 10;
    /** The largest {@code |last / first - 1|} of the measured window's first and last seconds. */
    public static final double MAX_DRIFT = 0.10;

    private final int minSeconds;
    private final JitCounter jit;
    private final Runnable onMeasuring;
    private final List<Long> completed = new ArrayList<>();
    private final List<Long> compiles = new ArrayList<>();
    private boolean settled;

    /**
     * What the warm-up came to.
     *
     * @param length      how long it lasted
     * @param settled     whether the rule held before the cap (or at its last second)
     * @param spread      the throughput spread over the last window of the warm-up; NaN when it
     *                    was shorter than a window
     * @param jitCompiles JIT compilations over that window; -1 when not a JVM or not readable
     */
    public record Verdict(Duration length, boolean settled, double spread, long jitCompiles) {
        /** A warm-up of fixed length nobody judged (a test's, or none). */
        public static Verdict unjudged(Duration length) {
            return new Verdict(length, true, Double.NaN, -1);
        }
    }

    /**
     * @param minimum     the shortest warm-up ({@code warmup} in the profile)
     * @param jit         the target's JIT counter, {@link JitCounter#none()} for non-JVM targets
     * @param onMeasuring run once when the measured window begins (the timeline, a scrape)
     */
    public SteadyState(Duration minimum, JitCounter jit, Runnable onMeasuring) {
        this.minSeconds = (int) Math.max(WINDOW_SECONDS, Math.ceil(minimum.toMillis() / 1000.0));
        this.jit = jit;
        this.onMeasuring = onMeasuring;
        compiles.add(jit.totalCompiles());                  // the reading at second 0
    }

    @Override
    public boolean settled(int second, long completedThisSecond) {
        completed.add(completedThisSecond);
        compiles.add(jit.totalCompiles());
        if (second >= minSeconds && throughputSettled() && jitQuiet()) {
            settled = true;
        }
        return settled;
    }

    @Override
    public void measuring(long warmupNanos) {
        onMeasuring.run();
    }

    /** JIT compilations in the warm-up's last second, or -1 when unknown (for progress lines). */
    public long lastSecondCompiles() {
        int n = compiles.size();
        return n < 2 || compiles.get(n - 1) < 0 || compiles.get(n - 2) < 0 ? -1 : compiles.get(n - 1) - compiles.get(n - 2);
    }

    /** The verdict on a warm-up that lasted {@code length}. */
    public Verdict verdict(Duration length) {
        return new Verdict(length, settled, spread(), windowCompiles());
    }

    /**
     * {@code |last / first - 1|} over the measured seconds' response counts: 0 for fewer than two
     * seconds or two zero seconds, infinite when only the first is zero.
     */
    public static double drift(List<Second> timeline) {
        if (timeline.size() < 2) {
            return 0;
        }
        long first = timeline.getFirst().completed();
        long last = timeline.getLast().completed();
        if (first == 0) {
            return last == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs((double) last / first - 1);
    }

    private boolean throughputSettled() {
        double s = spread();
        return !Double.isNaN(s) && s <= MAX_SPREAD;
    }

    private boolean jitQuiet() {
        long c = windowCompiles();
        return c < 0 || c <= MAX_JIT_COMPILES;
    }

    /** {@code (max - min) / mean} of the last window's counts; NaN before a whole window. */
    private double spread() {
        int n = completed.size();
        if (n < WINDOW_SECONDS) {
            return Double.NaN;
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (long c : completed.subList(n - WINDOW_SECONDS, n)) {
            min = Math.min(min, c);
            max = Math.max(max, c);
            sum += c;
        }
        return max == 0 ? 0 : (max - min) / (sum / (double) WINDOW_SECONDS);
    }

    /** Compilations from the reading before the window to the last one; -1 when unknown. */
    private long windowCompiles() {
        int n = compiles.size();                            // one reading more than seconds
        if (n <= WINDOW_SECONDS) {
            return -1;
        }
        long before = compiles.get(n - 1 - WINDOW_SECONDS);
        long now = compiles.get(n - 1);
        return before < 0 || now < 0 ? -1 : now - before;
    }
}
