package io.flowstate.engine.jetty;

import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * Notices a client that leaves while its request waits for a backend.
 *
 * <p>Why: Jetty's HTTP/1.1 connection stops reading once a request is parsed and reads
 * again only when the response is complete, so a client that closes while the backend
 * is still working goes unnoticed until a write fails, and the backend keeps working for
 * nobody. The watch reads the idle client connection itself once the request body is
 * fully read: end of stream or an error cancels the exchange
 * ({@link CancelCause#CLIENT_CLOSED}); bytes (a pipelined next request) are handed back
 * to Jetty's connection ({@link Connection.UpgradeTo}) and the watch ends.
 *
 * <p>Only one party may wait for input on an endpoint, so {@link #stop()} must run before
 * the response completes and Jetty reads again.
 */
final class ClientWatch implements Callback {
    private static final int IDLE = 0;
    private static final int WAITING = 1;
    private static final int FIRING = 2;
    private static final int STOPPED = 3;
    private static final int PROBE_BYTES = 4096;

    /** Failure used to withdraw the watch's read interest. */
    private static final class Withdrawn extends Exception {
        Withdrawn() {
            super("client watch withdrawn", null, false, false);
        }
    }

    private final EndPoint endpoint;
    private final Exchange exchange;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Thread firing;                        // the thread inside succeeded(), if any

    ClientWatch(EndPoint endpoint, Exchange exchange) {
        this.endpoint = endpoint;
        this.exchange = exchange;
    }

    /** Starts watching; called once the request body has been read to its end. */
    void start() {
        if (state.compareAndSet(IDLE, WAITING) && !endpoint.tryFillInterested(this)) {
            state.set(STOPPED);                            // Jetty is reading: it will see the close itself
        }
    }

    @Override
    public void succeeded() {
        if (!state.compareAndSet(WAITING, FIRING)) {
            return;
        }
        firing = Thread.currentThread();
        try {
            probe();
        } finally {
            firing = null;
        }
    }

    private void probe() {
        int n;
        ByteBuffer buffer = ByteBuffer.allocate(PROBE_BYTES);
        buffer.flip();
        try {
            n = endpoint.fill(buffer);
        } catch (Exception e) {
            n = -1;
        }
        if (n == 0) {
            // Register before leaving FIRING: stop() waits for that, then withdraws it.
            boolean registered = endpoint.tryFillInterested(this);
            state.set(registered ? WAITING : STOPPED);
            return;
        }
        // Leave FIRING before acting: cancelling can complete the response on this very
        // thread, and that calls stop().
        state.set(STOPPED);
        if (n < 0) {
            exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED);
        } else if (endpoint.getConnection() instanceof Connection.UpgradeTo jetty) {
            jetty.onUpgradeTo(buffer);                     // a pipelined request: Jetty parses it next
        }
    }

    @Override
    public void failed(Throwable x) {
        if (state.getAndSet(STOPPED) == WAITING && !(x instanceof Withdrawn)) {
            exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED);
        }
    }

    /** Withdraws the watch so that Jetty can read the connection again. */
    void stop() {
        while (true) {
            int s = state.get();
            if (s == FIRING && firing == Thread.currentThread()) {
                state.set(STOPPED);                        // called from within the probe itself
                return;
            } else if (s == FIRING) {
                Thread.onSpinWait();                       // a probe read in progress ends quickly
            } else if (s == WAITING) {
                if (state.compareAndSet(WAITING, STOPPED)) {
                    if (endpoint instanceof AbstractEndPoint e) {
                        e.getFillInterest().onFail(new Withdrawn());
                    }
                    return;
                }
            } else if (state.compareAndSet(s, STOPPED)) {
                return;
            }
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
