package io.flowstate.harness.backend;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One test backend: a loopback port, its current behaviour, its open connections and counters.
 * {@link TestBackends} owns it; {@link Connection} serves its requests.
 *
 * <p>State: the current {@link State} is one volatile field, read once per request, so a
 * request is served under one consistent behaviour. Transitions ({@link #apply}, {@link #close})
 * are serialised on {@link #transitions}, which also guards the listening socket and the port
 * reservation.
 *
 * <p>Refusing without losing the port: {@link Mode#REFUSE} closes the listening socket and binds
 * a plain socket to the same address without listening (SO_REUSEADDR on both). A connect to a
 * bound but not listening port is answered with a reset, "connection refused", and the bind
 * keeps the port out of the kernel's pool of ephemeral ports, which loopback backends share with
 * every outgoing connection of the run (a closed port would soon be some client's local port,
 * and the backend could not listen on it again). Going back to listening binds the new listening
 * socket next to the reservation, then drops the reservation. The transition to REFUSE waits for
 * the acceptor thread to leave {@code accept}, since only then is the listening socket really
 * closed (see {@link #stopListening}); so when {@link #apply} returns, connects are refused.
 */
final class Backend {

    /** The accept queue length of each listening socket. */
    static final int BACKLOG = 1024;

    /** How long to wait before accepting again after accept failed on an open socket. */
    static final int ACCEPT_RETRY_MILLIS = 10;

    /** How long a transition to REFUSE waits for the acceptor to let go of the listening socket. */
    static final int STOP_WAIT_MILLIS = 5_000;

    final String name;
    private final InetSocketAddress address;
    private final Listeners listeners;
    private final ExecutorService threads;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final LongAdder served = new LongAdder();
    private final LongAdder healthChecks = new LongAdder();

    // Two streams, so that the error sequence does not depend on the latency distribution.
    private final ReentrantLock randomLock = new ReentrantLock();
    private final SplittableRandom errorRandom;
    private final SplittableRandom latencyRandom;

    private volatile State state;
    private volatile boolean closed;

    private final Object transitions = new Object();
    private ServerSocket listener;   // while not refusing
    private CompletableFuture<Void> acceptorStopped = CompletableFuture.completedFuture(null);
    private Socket reservation;      // while refusing

    /** One behaviour and its encoded responses; {@link #superseded} completes when the next replaces it. */
    static final class State {
        final Behaviour behaviour;
        final Responses responses;
        final boolean random;
        final long fixedDelayNanos;
        final CompletableFuture<Void> superseded = new CompletableFuture<>();

        State(Behaviour behaviour, Responses responses) {
            this.behaviour = behaviour;
            this.responses = responses;
            double rate = behaviour.errorRate();
            this.random = behaviour.latency().random() || (rate > 0 && rate < 1);
            this.fixedDelayNanos = behaviour.latency().random() ? 0 : behaviour.latency().sampleNanos(null);
        }
    }

    Backend(String name, Behaviour initial, SplittableRandom random, Listeners listeners) throws IOException {
        this.name = name;
        this.listeners = listeners;
        this.errorRandom = random.split();
        this.latencyRandom = random.split();
        this.threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("backend-" + name + "-", 0).factory());
        this.state = new State(initial, new Responses(name, initial));
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        synchronized (transitions) {
            if (initial.mode() == Mode.REFUSE) {
                reservation = reserve(any);
                address = (InetSocketAddress) reservation.getLocalSocketAddress();
            } else {
                ServerSocket ss = bind(any);
                address = (InetSocketAddress) ss.getLocalSocketAddress();
                startAccepting(ss);
            }
        }
    }

    InetSocketAddress address() {
        return address;
    }

    State state() {
        return state;
    }

    long served() {
        return served.sum();
    }

    long healthChecks() {
        return healthChecks.sum();
    }

    /**
     * Makes {@code b} current: requests read from now on follow it. Entering REFUSE stops
     * listening and closes every connection; leaving it listens again on the same port.
     *
     * @throws UncheckedIOException when the port cannot be listened on again (the backend keeps refusing)
     * @throws IllegalStateException when the backend is closed
     */
    void apply(Behaviour b) {
        State current = state;
        Responses responses = current.responses.fits(b) ? current.responses : new Responses(name, b);
        State next = new State(b, responses);
        synchronized (transitions) {
            if (closed) {
                throw new IllegalStateException("backend " + name + " is closed");
            }
            State old = state;
            boolean wasRefusing = old.behaviour.mode() == Mode.REFUSE;
            boolean refusing = b.mode() == Mode.REFUSE;
            if (wasRefusing && !refusing) {
                try {
                    listenAgain();
                } catch (IOException e) {
                    throw new UncheckedIOException("backend " + name + " cannot listen on " + address
                            + " again", e);
                }
            }
            state = next;
            if (!wasRefusing && refusing) {
                stopListening();
                try {
                    reservation = reserve(address);
                } catch (IOException e) {
                    // Still refusing, but the port may be taken before the mode changes back.
                }
                closeConnections();
            }
            old.superseded.complete(null);
            listeners.changed(name, b);
        }
    }

    /** Waits until {@code s} is replaced; returns the new state, or null when the backend closed. */
    State awaitChange(State s) throws InterruptedException {
        try {
            s.superseded.get();
        } catch (ExecutionException e) {
            throw new AssertionError("superseded never fails", e);
        }
        return closed ? null : state;
    }

    /**
     * Draws one request's delay and, when {@code drawError}, whether it gets an error response:
     * the delay in nanoseconds, bit-inverted ({@code ~delay}, negative) for an error.
     */
    long draw(State s, boolean drawError) {
        double rate = s.behaviour.errorRate();
        if (!s.random) {
            return drawError && rate >= 1 ? ~s.fixedDelayNanos : s.fixedDelayNanos;
        }
        long delay;
        boolean error;
        randomLock.lock();
        try {
            delay = s.behaviour.latency().sampleNanos(latencyRandom);
            error = drawError && rate > 0 && (rate >= 1 || errorRandom.nextDouble() < rate);
        } finally {
            randomLock.unlock();
        }
        return error ? ~delay : delay;
    }

    void responded(int status, boolean health) {
        (health ? healthChecks : served).increment();
        listeners.responded(name, status, health);
    }

    void forget(Socket s) {
        connections.remove(s);
    }

    /** Stops listening, closes every connection and interrupts every thread; idempotent. */
    void close() {
        synchronized (transitions) {
            if (closed) {
                return;
            }
            closed = true;
            stopListening();
            closeQuietly(reservation);
            reservation = null;
            state.superseded.complete(null);
        }
        closeConnections();
        threads.shutdownNow();
    }

    /** Waits up to {@code timeoutMillis} for every thread of a closed backend to end. */
    boolean awaitTermination(long timeoutMillis) throws InterruptedException {
        return threads.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void listenAgain() throws IOException {
        ServerSocket ss;
        try {
            ss = bind(address);
        } catch (IOException e) {
            // Linux lets a listening socket share the port with the reservation; where that is
            // not so, give the reservation up first.
            closeQuietly(reservation);
            reservation = null;
            try {
                ss = bind(address);
            } catch (IOException again) {
                try {
                    reservation = reserve(address);
                } catch (IOException ignored) {
                    again.addSuppressed(ignored);
                }
                throw again;
            }
        }
        closeQuietly(reservation);
        reservation = null;
        startAccepting(ss);
    }

    private void startAccepting(ServerSocket ss) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        listener = ss;
        acceptorStopped = stopped;
        threads.execute(() -> {
            try {
                accept(ss);
            } finally {
                stopped.complete(null);
            }
        });
    }

    /**
     * Closes the listening socket and waits (up to {@link #STOP_WAIT_MILLIS}) for its acceptor
     * to return. Closing a socket that a virtual thread is blocked on only wakes that thread; the
     * descriptor is released, and the port stops accepting, when the thread leaves accept. So a
     * refused connect is certain only after the wait, and only then can the port be reserved.
     */
    private void stopListening() {
        closeQuietly(listener);
        listener = null;
        try {
            acceptorStopped.get(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Go on: at worst a connect succeeds a moment longer, and the reservation may fail.
        }
    }

    private void accept(ServerSocket ss) {
        while (true) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (ss.isClosed()) {
                    return; // refusing now, or closed
                }
                try {
                    Thread.sleep(ACCEPT_RETRY_MILLIS); // e.g. out of file descriptors: keep the port, do not spin
                } catch (InterruptedException closing) {
                    return;
                }
                continue;
            }
            connections.add(s);
            // After add: either the REFUSE transition sees s in the set, or we see REFUSE here.
            if (closed || state.behaviour.mode() == Mode.REFUSE) {
                forget(s);
                closeQuietly(s);
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                threads.execute(new Connection(this, s));
            } catch (IOException | RejectedExecutionException e) {
                forget(s);
                closeQuietly(s);
            }
        }
    }

    private void closeConnections() {
        for (Socket s : connections) {
            closeQuietly(s);
        }
    }

    private static ServerSocket bind(InetSocketAddress at) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(at, BACKLOG);
        return ss;
    }

    private static Socket reserve(InetSocketAddress at) throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            s.bind(at);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
    }

    static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
