package io.flowstate.harness.load;

/**
 * Decides when a run's warm-up ends: {@link LoadSpec#warmup()} is its longest length, and a
 * warm-up may end earlier, once the load has settled.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link LoadGenerator#run} calls {@link #settled} on its own calling thread after each
 *       whole warm-up second, in order, until it returns true or the longest warm-up has passed;
 *       never from the I/O thread, never again once it returned true.</li>
 *   <li>When it returns true the measured window starts at once (within a turn of the I/O
 *       loop: well under a millisecond, unless the loop is blocked); requests already issued
 *       stay warm-up requests.</li>
 *   <li>{@link #measuring} is called exactly once, on the same thread, as soon as the measured
 *       window has begun, whether the warm-up was cut short, ran its longest, or was zero; it may
 *       start what is timed from there (a scenario's timeline, a metrics scrape). It should return
 *       promptly: the first measured second is already running.</li>
 *   <li>An exception either method throws stops the run and propagates from
 *       {@link LoadGenerator#run}.</li>
 * </ul>
 */
public interface WarmUp {

    /**
     * One warm-up second has ended.
     *
     * @param second    1 for the first warm-up second
     * @param completed responses completed in that second (warm-up requests, any status)
     * @return true to end the warm-up now
     */
    boolean settled(int second, long completed);

    /** The measured window has begun; {@code warmupNanos} is how long the warm-up lasted. */
    default void measuring(long warmupNanos) {
    }

    /** The spec's warm-up, whole: never settled early, nothing to start. */
    static WarmUp fixed() {
        return (second, completed) -> false;
    }
}
