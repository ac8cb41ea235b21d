package io.flowstate.core.time;

/**
 * A source of monotonic nanoseconds, injected into everything that decides by time so
 * that tests drive time by hand instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {
    long nanoTime();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
