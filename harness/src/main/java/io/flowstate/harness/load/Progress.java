package io.flowstate.harness.load;

/**
 * Told about each second of a run while it runs, for a progress line.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link LoadGenerator#run} calls {@link #second} on its own calling thread, once per
 *       interval, in order: first the warm-up seconds ({@code warmingUp} true; the last one may
 *       be shorter when the warm-up is not a whole number of seconds), then one call per
 *       measured second, the same seconds as {@link LoadResult#timeline()}. The last measured
 *       call comes after in-flight requests have drained, so it may cover more than a second.</li>
 *   <li>It is never called from the generator's I/O thread, so a slow implementation delays
 *       the next call, never the load; it should still return promptly. An exception it throws
 *       stops the run and propagates from {@link LoadGenerator#run}.</li>
 * </ul>
 */
@FunctionalInterface
public interface Progress {

    /**
     * One interval has ended.
     *
     * @param elapsedSeconds      whole seconds since the run began, warm-up included, rounded up
     *                            (1 after the first second)
     * @param completedThisSecond responses completed in this interval by requests of the current
     *                            phase (warm-up or measured)
     * @param errorsSoFar         requests of the current phase that failed so far, every kind
     *                            counted, 5xx responses included (the sum of
     *                            {@link LoadResult#errorsByKind()} at the end); it restarts at 0
     *                            when the warm-up ends
     * @param warmingUp           true during the warm-up, whose requests are in no result
     */
    void second(int elapsedSeconds, long completedThisSecond, long errorsSoFar, boolean warmingUp);

    /** A stand-in that ignores every call. */
    static Progress none() {
        return (elapsedSeconds, completedThisSecond, errorsSoFar, warmingUp) -> { };
    }
}
