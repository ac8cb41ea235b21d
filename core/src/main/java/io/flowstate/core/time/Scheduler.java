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

    /** Runs every action at once on the caller's thread, whatever the delay: for tests and benchmarks. */
    static Scheduler immediate() {
        return (action, delayNanos) -> {
            action.run();
            return () -> { };
        };
    }
}
