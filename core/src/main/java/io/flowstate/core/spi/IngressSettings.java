package io.flowstate.core.spi;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What an ingress needs to listen.
 *
 * @param listen          address to bind; port 0 picks a free one (see {@link Ingress#address()})
 * @param idleTimeout     how long a keep-alive connection may sit without a request
 * @param maxHeaderBytes  largest request head (request line and fields) accepted; larger gets 431
 * @param maxBodyBytes    largest request body accepted; larger gets 413; {@code -1} for no limit
 * @param connections     told of every client connection opened and closed
 * @param maxConnections  client connections open at once; one past it is answered 503
 *                        {@code too_many_connections} and closed, and those open are served on
 */
public record IngressSettings(InetSocketAddress listen, Duration idleTimeout, int maxHeaderBytes, long maxBodyBytes,
                              ClientConnections connections, int maxConnections) {

    public IngressSettings {
        java.util.Objects.requireNonNull(connections, "connections");
    }

    /** Settings with the default connection limit. */
    public IngressSettings(InetSocketAddress listen, Duration idleTimeout, int maxHeaderBytes, long maxBodyBytes,
                           ClientConnections connections) {
        this(listen, idleTimeout, maxHeaderBytes, maxBodyBytes, connections,
                io.flowstate.core.config.Limits.DEFAULT_MAX_CONNECTIONS);
    }

    /** Settings whose connections no one hears about. */
    public IngressSettings(InetSocketAddress listen, Duration idleTimeout, int maxHeaderBytes, long maxBodyBytes) {
        this(listen, idleTimeout, maxHeaderBytes, maxBodyBytes, ClientConnections.NONE);
    }
}
