package io.flowstate.core.metrics;

/**
 * One counter series, resolved once by {@link Metrics#counter} and then recorded into on
 * the request path. Thread-safe; recording takes no lock and, once the counter has seen
 * its threads, allocates nothing (a {@link java.util.concurrent.atomic.LongAdder}
 * increment).
 */
public interface Counter {
    /** Adds one. */
    void inc();

    /**
     * Adds {@code amount}.
     *
     * @throws IllegalArgumentException when {@code amount} is negative: counters only go up
     */
    void add(long amount);

    /** The count so far; exact once the threads that recorded are done. */
    long value();
}
