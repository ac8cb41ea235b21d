package io.flowstate.core.spi;

import java.time.Duration;

/**
 * The requests an ingress has in flight, for {@link Ingress#drain}: every engine counts
 * them the same way. Thread-safe; {@link #started()} and {@link #ended(int)} are called
 * from request threads, {@link #awaitNone} from the one thread that drains.
 */
public final class InFlightRequests {
    private final Object lock = new Object();
    private int count;                                       // guarded by lock

    /** A request began. */
    public void started() {
        synchronized (lock) {
            count++;
        }
    }

    /** {@code n} requests ended (their exchanges finished, or were dropped with their connection). */
    public void ended(int n) {
        synchronized (lock) {
            count -= n;
            if (count <= 0) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits until no request is in flight or {@code grace} has passed, running
     * {@code onWake} each time it wakes (an engine closes connections that became idle);
     * returns how many requests were still in flight at the end.
     */
    public int awaitNone(Duration grace, Runnable onWake) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            while (count > 0) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                lock.wait(Math.max(1, wait / 1_000_000));
                onWake.run();
            }
            return Math.max(0, count);
        }
    }
}
