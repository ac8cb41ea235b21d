package io.flowstate.core.time;

/**
 * Runs an action after a delay, off the caller's thread. {@link TimerWheel} is the
 * production one; tests pass one that runs at once or when told.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Runs {@code action} after {@code delayNanos} (at once when not positive).
     *
     * @return cancels the action if it has not run yet
     */
    Runnable schedule(Runnable action, long delayNanos);

    /**
     * Runs {@code action} at {@code deadlineNanos} on {@code clock}'s time base: a request's
     * deadline is absolute, and a scheduler on the same clock need not read it again (each
     * read is tens of nanoseconds, per request). By default, {@link #schedule} with the
     * delay from now on {@code clock}.
     *
     * @return cancels the action if it has not run yet
     */
    default Runnable scheduleAt(Runnable action, long deadlineNanos, Ticker clock) {
        return schedule(action, deadlineNanos - clock.nanoTime());
    }

    /** Runs every action at once on the caller's thread, whatever the delay: for tests and benchmarks. */
    static Scheduler immediate() {
        return (action, delayNanos) -> {
            action.run();
            return () -> { };
        };
    }
}
