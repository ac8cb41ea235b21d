package io.flowstate.tck;

import io.flowstate.core.health.HealthEvent;
import io.flowstate.core.health.HealthListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Every health event of one proxy, kept in order, for tests that wait on a transition
 * instead of sleeping until it has probably happened ({@code Proxy.on(engine).healthEvents(events)}).
 * A wait gives up after {@link #WAIT_SECONDS}: that bound only turns a missing event into a
 * failure; nothing is asserted about how soon an event comes.
 */
final class HealthEvents implements HealthListener {
    static final long WAIT_SECONDS = 10;

    private final List<HealthEvent> seen = new ArrayList<>();

    @Override
    public synchronized void on(HealthEvent event) {
        seen.add(event);
        notifyAll();
    }

    /** How many events of {@code kind} for {@code endpoint} ({@code host:port}, null for pool-wide) so far. */
    synchronized int count(HealthEvent.Kind kind, String endpoint) {
        return matching(kind, endpoint).size();
    }

    /** Every event so far, oldest first. */
    synchronized List<HealthEvent> all() {
        return List.copyOf(seen);
    }

    /** Waits for the first event of {@code kind} for {@code endpoint} and returns it. */
    HealthEvent await(HealthEvent.Kind kind, String endpoint) throws InterruptedException {
        return await(kind, endpoint, 1);
    }

    /** Waits until {@code n} events of {@code kind} for {@code endpoint} have come; returns the n-th. */
    synchronized HealthEvent await(HealthEvent.Kind kind, String endpoint, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            List<HealthEvent> m = matching(kind, endpoint);
            if (m.size() >= n) {
                return m.get(n - 1);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + kind + (endpoint == null ? "" : " for " + endpoint)
                        + (n > 1 ? " (number " + n + ")" : "") + " within " + WAIT_SECONDS + " s; events: " + seen);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private List<HealthEvent> matching(HealthEvent.Kind kind, String endpoint) {
        List<HealthEvent> out = new ArrayList<>();
        for (HealthEvent e : seen) {
            if (e.kind() == kind && Objects.equals(e.endpoint(), endpoint)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized String toString() {
        return seen.toString();
    }
}
