package io.flowstate.engine.jdk;

import com.sun.net.httpserver.HttpServer;
import io.flowstate.core.http1.Refusals;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.IngressState;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK engine's server side: a listener whose connections are each guarded by a
 * {@link GuardedConnection} and served by a loopback {@link HttpServer} running its
 * handlers on virtual threads ({@link ExchangeHandler}).
 */
final class JdkIngress implements Ingress {
    private static final System.Logger LOG = System.getLogger(JdkIngress.class.getName());
    private static final int BACKLOG = 1024;

    private final IngressSettings settings;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ServerSocket listener;
    private final ConcurrentHashMap<Integer, GuardedConnection> byInnerPort = new ConcurrentHashMap<>();
    private final IngressState state;
    /** How often a drain looks whether the last responses have reached their clients. */
    static final long DRAIN_POLL_MILLIS = 5;

    private JdkIngress(IngressSettings settings, Handler gateway) throws IOException {
        this.settings = settings;
        this.state = new IngressState(settings);
        this.handlers = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        server.setExecutor(handlers);
        server.createContext("/", new ExchangeHandler(this, gateway));
        server.start();
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(settings.listen(), BACKLOG);
        } catch (IOException e) {
            server.stop(0);
            handlers.close();
            throw io.flowstate.core.spi.ListenException.of(settings.listen(), e);
        }
        Thread.ofPlatform().daemon().name("flowstate-jdk-accept").start(this::acceptLoop);
    }

    static JdkIngress start(IngressSettings settings, Handler gateway) throws IOException {
        return new JdkIngress(settings, gateway);
    }

    private void acceptLoop() {
        int idleMillis = (int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis());
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                IngressState.Admission admission = state.accepted();
                if (admission != IngressState.Admission.SERVE) {
                    // Closing the listener does not wake a blocked accept() at once: a
                    // connection that slipped in after stopAccepting() is turned away; one past
                    // limits.maxConnections is told so, and those open go on.
                    if (admission == IngressState.Admission.OVER_LIMIT) {
                        s.setSoTimeout(1000);
                        s.getOutputStream().write(Refusals.bytes(503, "too_many_connections"));
                    }
                    s.close();
                    state.connectionClosed();
                    continue;
                }
                s.setTcpNoDelay(true);
                s.setSoTimeout(idleMillis);
                Thread.ofVirtual().name("flowstate-jdk-guard").start(new GuardedConnection(s, this));
            } catch (SocketException e) {
                if (!listener.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed", e);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept failed", e);
            }
        }
    }

    IngressSettings settings() {
        return settings;
    }

    /** A client connection closed: counted once per connection. */
    void connectionClosed() {
        state.connectionClosed();
    }

    InetSocketAddress innerAddress() {
        return server.getAddress();
    }

    boolean draining() {
        return state.draining();
    }

    void register(int innerPort, GuardedConnection c) {
        byInnerPort.put(innerPort, c);
    }

    void unregister(int innerPort, GuardedConnection c) {
        byInnerPort.remove(innerPort, c);
    }

    /** The guarded connection whose inner connection has this local port, or null. */
    GuardedConnection connection(int innerPort) {
        return byInnerPort.get(innerPort);
    }

    void requestStarted() {
        state.inFlight().started();
    }

    void requestEnded(int n) {
        state.inFlight().ended(n);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void stopAccepting() {
        state.startDraining();
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        byInnerPort.values().forEach(GuardedConnection::closeIfIdle);
    }

    @Override
    public int drain(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        int left = state.inFlight().awaitNone(grace, () -> byInnerPort.values().forEach(GuardedConnection::closeIfIdle));
        // A request ends for the count when its handler has written the response to the
        // inner connection; the guard may still be relaying it to the client. Every response
        // written while draining says Connection: close, so each connection closes by itself
        // once its last response is through: wait for that, within the grace, then close.
        while (!byInnerPort.isEmpty() && System.nanoTime() - deadline < 0) {
            byInnerPort.values().forEach(GuardedConnection::closeIfIdle);
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
        close();
        return left;
    }

    @Override
    public void close() {
        if (!state.closeOnce()) {
            return;
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        byInnerPort.values().forEach(GuardedConnection::close);
        server.stop(0);
        handlers.shutdownNow();
    }
}
