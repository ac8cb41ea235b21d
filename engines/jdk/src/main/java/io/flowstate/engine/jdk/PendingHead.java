package io.flowstate.engine.jdk;

import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http1.RequestHead;

/**
 * A head the guard validated and passed to HttpServer, waiting for its handler; it links
 * the guard, which may find the request's body bad later, to the exchange the handler
 * makes for it.
 */
final class PendingHead {
    private final RequestHead head;
    private final long startNanos;
    private Exchange exchange;        // guarded by this
    private CancelCause rejection;    // guarded by this: why the body was refused

    PendingHead(RequestHead head, long startNanos) {
        this.head = head;
        this.startNanos = startNanos;
    }

    RequestHead head() {
        return head;
    }

    long startNanos() {
        return startNanos;
    }

    /** The handler made its exchange; cancels it at once if the body was refused already. */
    void attach(Exchange e) {
        CancelCause why;
        synchronized (this) {
            exchange = e;
            why = rejection;
        }
        if (why != null) {
            e.cancellation().cancel(why);
        }
    }

    /** The guard refused the body: cancels the exchange now, or when it is attached. */
    void reject(CancelCause why) {
        Exchange e;
        synchronized (this) {
            rejection = why;
            e = exchange;
        }
        if (e != null) {
            e.cancellation().cancel(why);
        }
    }
}
