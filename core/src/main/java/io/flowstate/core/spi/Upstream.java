package io.flowstate.core.spi;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import java.util.concurrent.CompletionStage;

/**
 * The client side of an engine: sends requests to backends over pooled connections.
 *
 * <p>Contract for {@link #send}:
 * <ul>
 *   <li>called by the proxy handler once per try, from any thread; it must not block;</li>
 *   <li>{@code outbound} is ready to send as is: hop-by-hop fields are gone and
 *       forwarding fields are set. The upstream adds framing (Content-Length from
 *       {@code outbound.body().length()}, chunked when that is {@code -1}) and nothing else;</li>
 *   <li>{@code responseHeaderTimeoutNanos} bounds the wait from the start of the try until
 *       the response head has arrived; when it passes, the stage fails with
 *       {@link UpstreamException.Kind#RESPONSE_TIMEOUT};</li>
 *   <li>when {@code exchange.cancellation()} fires, the upstream aborts the request at
 *       once and closes its connection so the backend sees the client leave;</li>
 *   <li>an upstream that can tell reports, once per try, whether it opened a connection
 *       or reused one ({@code endpoint.connections()}); one that cannot says nothing;</li>
 *   <li>the stage completes with the response as soon as its head arrived; its body
 *       streams after that; failures before the head complete the stage with an
 *       {@link UpstreamException} telling connect failures from resets and timeouts.</li>
 * </ul>
 */
public interface Upstream extends AutoCloseable {

    CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                                   long responseHeaderTimeoutNanos);

    /**
     * Whether this upstream reports, for every try, a connection opened or reused
     * ({@code endpoint.connections()}); the connection metrics exist only where it does.
     */
    default boolean reportsConnections() {
        return false;
    }

    /**
     * Idle kept-alive connections to {@code endpoint}'s address now, for the metrics; -1
     * when this upstream cannot tell (then the series is not exported). Called at scrape
     * time from any thread; must not block.
     */
    default int idleConnections(Endpoint endpoint) {
        return -1;
    }

    /** Closes pooled connections. In-flight sends may fail afterwards. */
    @Override
    void close();
}
