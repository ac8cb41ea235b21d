package io.flowstate.engine.jetty;

import io.flowstate.core.http1.Refusals;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.IngressState;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Jetty engine's server side: one {@link Server} with one HTTP/1.1 connector, its
 * parser in Jetty's strictest mode ({@link HttpCompliance#STRICT}), and
 * {@link GatewayHandler} as its only handler. Jetty's own error responses (a head it
 * refuses before any handler runs) are written by {@link JsonErrorHandler} in the core's
 * error shape.
 */
final class JettyIngress implements Ingress {
    private final Server server;
    private final ServerConnector connector;
    private final GatewayHandler handler;
    private final InetSocketAddress bound;
    private final Set<EndPoint> busy = ConcurrentHashMap.newKeySet();
    private final IngressState state;

    private final JettyRuntime ownRuntime;

    private JettyIngress(IngressSettings settings, Handler gateway, JettyRuntime shared) throws IOException {
        state = new IngressState(settings);
        ownRuntime = shared == null ? new JettyRuntime(Math.max(1, Runtime.getRuntime().availableProcessors())) : null;
        JettyRuntime runtime = shared != null ? shared : ownRuntime;
        server = new Server(runtime.threads, runtime.scheduler, runtime.buffers);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(settings.maxHeaderBytes());
        // Jetty's strictest parsing, less one rule: RFC 9112 3.2.2 tells a server to take
        // an absolute-form target's authority over Host, which STRICT refuses outright.
        http.setHttpCompliance(HttpCompliance.STRICT.with("FLOWSTATE", HttpCompliance.Violation.MISMATCHED_AUTHORITY));
        // Targets go upstream byte for byte; judging their path segments is the backend's
        // business (RFC 9112 3.2), so Jetty must not refuse %2F or dot segments.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // A backend's Date passes through; GatewayHandler adds one only where none came.
        http.setSendDateHeader(false);
        http.setIdleTimeout(settings.idleTimeout().toMillis());
        // One acceptor, and as many selectors as the loops the config asks for (by default one
        // per CPU); the handler never blocks, so Jetty may run it in the selector's thread.
        connector = new ServerConnector(server, 1, runtime.selectors, new HttpConnectionFactory(http));
        // Closing a listening channel takes effect only once the thread or selector blocked
        // on it wakes up; a connection that slips in after stopAccepting() is closed unread.
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                EndPoint e = connection.getEndPoint();
                switch (state.accepted()) {
                    case DRAINING -> e.close();
                    // limits.maxConnections: a clear answer, and those open go on.
                    case OVER_LIMIT -> e.write(org.eclipse.jetty.util.Callback.from(e::close, x -> e.close()),
                            java.nio.ByteBuffer.wrap(Refusals.bytes(503, "too_many_connections")));
                    case SERVE -> {
                    }
                }
            }

            @Override
            public void onClosed(Connection connection) {
                state.connectionClosed();
            }
        });
        connector.setHost(settings.listen().getHostString());
        connector.setPort(settings.listen().getPort());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.setReuseAddress(true);
        server.addConnector(connector);
        handler = new GatewayHandler(this, gateway, settings);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // what failed to start has nothing to stop
            }
            throw io.flowstate.core.spi.ListenException.of(settings.listen(), e);
        }
        bound = new InetSocketAddress(settings.listen().getAddress(), connector.getLocalPort());
    }

    /** A listener sharing {@code runtime} with its upstream, or with its own when it is null. */
    static JettyIngress start(IngressSettings settings, Handler gateway, JettyRuntime runtime) throws IOException {
        return new JettyIngress(settings, gateway, runtime);
    }

    boolean draining() {
        return state.draining();
    }

    /** A request began on {@code endpoint}: drain waits for it, and the connection is not idle. */
    void requestStarted(EndPoint endpoint) {
        busy.add(endpoint);
        state.inFlight().started();
    }

    void requestEnded(EndPoint endpoint) {
        busy.remove(endpoint);
        if (state.draining()) {
            // Its response is written whole (this runs from the write's callback): a
            // connection that answered a request made before the drain closes now.
            endpoint.close();
        }
        state.inFlight().ended(1);
    }

    @Override
    public InetSocketAddress address() {
        return bound;
    }

    @Override
    public void stopAccepting() {
        state.startDraining();
        connector.close();                                 // the listening socket only
        closeIdle();
    }

    /** Closes connections with no request in flight; responses in flight say Connection: close. */
    private void closeIdle() {
        for (EndPoint e : connector.getConnectedEndPoints()) {
            if (!busy.contains(e)) {
                e.close();
            }
        }
    }

    @Override
    public int drain(Duration grace) throws InterruptedException {
        int left = state.inFlight().awaitNone(grace, this::closeIdle);
        close();
        return left;
    }

    @Override
    public void close() {
        if (!state.closeOnce()) {
            return;
        }
        for (EndPoint e : connector.getConnectedEndPoints()) {
            e.close();
        }
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger(JettyIngress.class.getName()).log(System.Logger.Level.WARNING, "stopping Jetty", e);
        }
        if (ownRuntime != null) {
            ownRuntime.close();
        }
    }
}
