package io.flowstate.engine.nio;

import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.InFlightRequests;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import io.flowstate.core.spi.IngressState;
import io.flowstate.core.spi.ListenException;
import io.flowstate.core.http1.Refusals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The NIO engine's server side: one listening socket, registered with every loop's
 * selector, so each loop accepts for itself (no hand-off between threads; with a few loops
 * the wake-up of all of them on a new connection costs less than an acceptor thread would).
 * A connection stays on the loop that accepted it.
 *
 * <p>At most {@code limits.maxConnections} client connections are open at once: one past it
 * is answered 503 {@code too_many_connections} and closed, and those open are served on.
 */
final class NioIngress implements Ingress {
    private static final int BACKLOG = 1024;
    /** Connections one loop accepts per wake-up before it serves the others. */
    private static final int ACCEPTS_PER_WAKEUP = 64;
    private static final long LOOP_TASK_WAIT_MILLIS = 5_000;

    private final IngressSettings settings;
    private final Handler gateway;
    private final Loops loops;
    private final boolean ownLoops;
    private final ServerSocketChannel listener;
    private final InetSocketAddress bound;
    private final IngressState state;
    private final List<SelectionKey> acceptKeys = new ArrayList<>();

    private NioIngress(IngressSettings settings, Handler gateway, Loops loops, boolean ownLoops) throws IOException {
        this.settings = settings;
        this.state = new IngressState(settings);
        this.gateway = gateway;
        this.loops = loops;
        this.ownLoops = ownLoops;
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(settings.listen(), BACKLOG);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            if (ownLoops) {
                loops.stop();
            }
            throw ListenException.of(settings.listen(), e);
        }
        this.listener = ch;
        this.bound = (InetSocketAddress) ch.getLocalAddress();
        onEveryLoop(loop -> {
            SelectionKey key = listener.register(loop.selector, SelectionKey.OP_ACCEPT, new Acceptor(loop));
            synchronized (acceptKeys) {
                acceptKeys.add(key);
            }
        });
    }

    static NioIngress start(IngressSettings settings, Handler gateway, Loops loops, boolean ownLoops) throws IOException {
        return new NioIngress(settings, gateway, loops, ownLoops);
    }

    IngressSettings settings() {
        return settings;
    }

    InFlightRequests inFlight() {
        return state.inFlight();
    }

    boolean draining() {
        return state.draining();
    }

    void connectionClosed() {
        state.connectionClosed();
    }

    /** Accepts on one loop. */
    private final class Acceptor implements Loop.Ready {
        private final Loop loop;

        Acceptor(Loop loop) {
            this.loop = loop;
        }

        @Override
        public void ready(SelectionKey key) {
            for (int i = 0; i < ACCEPTS_PER_WAKEUP && !state.isClosed(); i++) {
                SocketChannel ch;
                try {
                    ch = listener.accept();
                } catch (IOException e) {
                    return;                                    // closed, or the queue is empty for us
                }
                if (ch == null) {
                    return;                                    // another loop took it
                }
                accepted(loop, ch);
            }
        }
    }

    private void accepted(Loop loop, SocketChannel ch) {
        IngressState.Admission admission = state.accepted();
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (admission != IngressState.Admission.SERVE) {
                // One that slipped in as the listener closed goes unread; one past
                // limits.maxConnections is told so, not dropped silently; the others go on.
                if (admission == IngressState.Admission.OVER_LIMIT) {
                    ch.write(ByteBuffer.wrap(Refusals.bytes(503, "too_many_connections")));
                }
                ch.close();
                connectionClosed();
                return;
            }
            ClientConnection c = new ClientConnection(loop, ch, this, gateway, (InetSocketAddress) ch.getRemoteAddress());
            c.register(SelectionKey.OP_READ);
            c.opened();
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // gone already
            }
            connectionClosed();
        }
    }

    @Override
    public InetSocketAddress address() {
        return bound;
    }

    @Override
    public void stopAccepting() {
        state.startDraining();
        try {
            listener.close();                                  // cancels the accept key on every loop
        } catch (IOException ignored) {
            // closing is best effort
        }
        onEveryLoopAsync(this::closeIdle);
    }

    /** Closes this ingress's connections that have no request in flight. Loop thread. */
    private void closeIdle(Loop loop) {
        for (SelectionKey key : List.copyOf(loop.selector.keys())) {
            if (key.attachment() instanceof ClientConnection c && c.ingress() == this && c.idle()) {
                c.close();
            }
        }
    }

    @Override
    public int drain(Duration grace) {
        int left = state.inFlight().awaitNone(grace, () -> onEveryLoopAsync(this::closeIdle));
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
            // closing is best effort
        }
        try {
            onEveryLoop(loop -> {
                for (SelectionKey key : List.copyOf(loop.selector.keys())) {
                    if (key.attachment() instanceof ClientConnection c && c.ingress() == this) {
                        c.close();
                    }
                }
            });
        } catch (IOException ignored) {
            // a loop that has stopped has closed its channels itself
        }
        if (ownLoops) {
            loops.stop();
        }
    }

    /** Work that must run on each loop's thread. */
    private interface LoopWork {
        void run(Loop loop) throws IOException;
    }

    private void onEveryLoopAsync(java.util.function.Consumer<Loop> work) {
        for (Loop loop : loops.all()) {
            loop.execute(() -> work.accept(loop));
        }
    }

    /** Runs {@code work} on every loop and waits for it (registration must happen on the loop's thread). */
    private void onEveryLoop(LoopWork work) throws IOException {
        Loop[] all = loops.all();
        CountDownLatch done = new CountDownLatch(all.length);
        IOException[] failure = new IOException[1];
        for (Loop loop : all) {
            Runnable task = () -> {
                try {
                    work.run(loop);
                } catch (IOException e) {
                    failure[0] = e;
                } finally {
                    done.countDown();
                }
            };
            if (loop.inLoop()) {
                task.run();
            } else {
                loop.execute(task);
            }
        }
        try {
            if (!done.await(LOOP_TASK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IOException("the event loops did not answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the listener", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
