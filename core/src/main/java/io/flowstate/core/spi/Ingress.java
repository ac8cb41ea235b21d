package io.flowstate.core.spi;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The server side of an engine: accepts client connections and feeds requests to a
 * {@link Handler}.
 *
 * <p>Every ingress, whatever its I/O model, must:
 * <ul>
 *   <li>validate each request head with {@link io.flowstate.core.http1.Http1RequestRules}
 *       before anything else sees it; on a violation answer 400 with a proxy error body,
 *       close the connection, and call no handler (RFC 9112 2.2, 6.3, 11.2);</li>
 *   <li>answer 431 to a head larger than {@link IngressSettings#maxHeaderBytes()} and 413
 *       to a body larger than {@link IngressSettings#maxBodyBytes()};</li>
 *   <li>build one {@link io.flowstate.core.http.Exchange} per request with the real client
 *       address and call {@link Handler#handle} exactly once;</li>
 *   <li>cancel the exchange ({@code cancellation().cancel(CancelCause.CLIENT_CLOSED)}) as soon as it
 *       learns the client went away before the response was complete;</li>
 *   <li>when a request body turns out malformed or too large only while it streams (the
 *       head was valid and the handler already runs), cancel the exchange with
 *       {@link io.flowstate.core.http.CancelCause#bodyRejected}: the core then answers
 *       400 or 413 with that reason if no response head was chosen yet; afterwards send
 *       nothing more on that connection and close it;</li>
 *   <li>stream the request body to the handler and the response body to the client
 *       without holding either whole in memory; send no body for HEAD, 1xx, 204, 304;</li>
 *   <li>frame the response itself: Content-Length when the body length is known, chunked
 *       otherwise (the core has already removed hop-by-hop fields).</li>
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
