package io.flowstate.core.spi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every ingress keeps the same way, whatever its I/O model: whether it drains or has
 * closed, the requests in flight (for {@link Ingress#drain}), and its open client
 * connections against {@link IngressSettings#maxConnections()}, each told to
 * {@link IngressSettings#connections()}. Thread-safe; nothing here takes a lock.
 */
public final class IngressState {

    /** What to do with a connection just accepted. */
    public enum Admission {
        /** Serve it. */
        SERVE,
        /** The listener is closing: close it unread. */
        DRAINING,
        /** Past {@code limits.maxConnections}: answer 503 {@code too_many_connections} and close it. */
        OVER_LIMIT
    }

    private final IngressSettings settings;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean draining;

    public IngressState(IngressSettings settings) {
        this.settings = settings;
    }

    public IngressSettings settings() {
        return settings;
    }

    public InFlightRequests inFlight() {
        return inFlight;
    }

    /** Whether a drain began: responses say {@code Connection: close}, new connections are turned away. */
    public boolean draining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }

    /** True for the one caller that is to close the ingress; the ingress drains from then on. */
    public boolean closeOnce() {
        draining = true;
        return closed.compareAndSet(false, true);
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * A client connection was accepted: counted (and told) at once; the answer says whether to
     * serve it. Every accepted connection is {@link #connectionClosed()} once, whatever the answer.
     */
    public Admission accepted() {
        settings.connections().opened();
        int now = open.incrementAndGet();
        if (draining) {
            return Admission.DRAINING;
        }
        return now > settings.maxConnections() ? Admission.OVER_LIMIT : Admission.SERVE;
    }

    /** An accepted connection is gone. */
    public void connectionClosed() {
        open.decrementAndGet();
        settings.connections().closed();
    }

    /** Client connections open now. */
    public int open() {
        return Math.max(0, open.get());
    }
}
