package io.flowstate.core.spi;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The requests an ingress has in flight, for {@link Ingress#drain}: every engine counts
 * them the same way. {@link #started()} and {@link #ended(int)} are called from request
 * threads and take no lock (one atomic add, and a volatile read of whether a drain waits);
 * {@link #awaitNone} is called from the one thread that drains.
 */
public final class InFlightRequests {
    /** How often a waiting drain looks again even without being woken (it runs its onWake then). */
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final AtomicInteger count = new AtomicInteger();
    private volatile Thread waiter;                              // the draining thread, while it waits

    /** A request began. */
    public void started() {
        count.incrementAndGet();
    }

    /** {@code n} requests ended (their exchanges finished, or were dropped with their connection). */
    public void ended(int n) {
        if (count.addAndGet(-n) <= 0) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** Requests in flight now. */
    public int count() {
        return Math.max(0, count.get());
    }

    /**
     * Waits until no request is in flight or {@code grace} has passed, running
     * {@code onWake} each time it wakes (at least every few milliseconds: an engine closes
     * connections that became idle); returns how many requests were still in flight at the end.
     */
    public int awaitNone(Duration grace, Runnable onWake) {
        long deadline = System.nanoTime() + grace.toNanos();
        waiter = Thread.currentThread();
        try {
            while (count.get() > 0) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || Thread.currentThread().isInterrupted()) {
                    break;
                }
                LockSupport.parkNanos(this, Math.min(wait, POLL_NANOS));
                onWake.run();
            }
            return count();
        } finally {
            waiter = null;
        }
    }
}
