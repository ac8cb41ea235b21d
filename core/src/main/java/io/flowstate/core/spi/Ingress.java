package io.flowstate.core.spi;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The server side of an engine: accepts client connections and feeds requests to a
 * {@link Handler}. An ingress moves bytes; every HTTP/1.1 rule is the core's
 * (docs/engines.md, "engines move bytes, the core decides").
 *
 * <p>Every ingress, whatever its I/O model, must:
 * <ul>
 *   <li>judge each request head with {@link io.flowstate.core.http1.Http1RequestRules}
 *       before anything else sees it ({@code findHeadEnd} and {@code parse} on the bytes as
 *       they came, or {@code admit} on the fields its own parser read); on a violation answer
 *       with {@link io.flowstate.core.http1.Refusals} (its status: 400, 408, 413, 431, 501,
 *       505), close the connection, and call no handler (RFC 9112 2.2, 6.3, 11.2);</li>
 *   <li>answer 431 to a head larger than {@link IngressSettings#maxHeaderBytes()}, 413 to a
 *       declared body larger than {@link IngressSettings#maxBodyBytes()}, 408 to a head not
 *       whole within {@link IngressSettings#idleTimeout()} of its first byte, and 503
 *       {@code too_many_connections} to a connection past
 *       {@link IngressSettings#maxConnections()};</li>
 *   <li>build one {@link io.flowstate.core.http.Exchange} per request with the real client
 *       address and call {@link Handler#handle} exactly once; an event-loop ingress gives the
 *       exchange its loop's timer ({@code Exchange.timer(Scheduler)}) first;</li>
 *   <li>cancel the exchange ({@code cancellation().cancel(CancelCause.CLIENT_CLOSED)}) as
 *       soon as it learns the client went away before the response was complete;</li>
 *   <li>when a request body turns out malformed or too large only while it streams (the
 *       head was valid and the handler already runs), cancel the exchange with
 *       {@link io.flowstate.core.http.CancelCause#bodyRejected}: the core then answers
 *       400 or 413 with that reason if no response head was chosen yet; afterwards send
 *       nothing more on that connection and close it;</li>
 *   <li>once the handler answers, make the core's
 *       {@link io.flowstate.core.http1.ResponsePlan} and write what it says (status line,
 *       fields, framing, body or none, {@code Connection}, {@code Date}), streaming the body
 *       without holding it whole in memory, with backpressure; count body bytes on the
 *       exchange once per buffer; and end the exchange with
 *       {@link io.flowstate.core.http1.ResponsePlan#finish} exactly once, saying how
 *       writing ended.</li>
 * </ul>
 */
public interface Ingress extends AutoCloseable {

    /** The address actually bound (useful when the settings asked for port 0). */
    InetSocketAddress address();

    /**
     * Stops accepting new connections and asks keep-alive connections to close after
     * their current response. Requests already read go on. Called once, from any thread.
     */
    void stopAccepting();

    /**
     * Waits until no request is in flight or the grace period passes, then closes every
     * connection. Returns the number of requests that were still in flight when it gave up.
     */
    int drain(Duration grace) throws InterruptedException;

    /** Closes at once: listeners and every connection. Idempotent. */
    @Override
    void close();
}
