package io.flowstate.harness.backend;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * HTTP/1.1 test backends for experiments and tests: many in one JVM, each on its own loopback
 * port, each doing what its {@link Behaviour} says, changeable at any time by {@link #apply},
 * {@link #change} or a timeline ({@link #schedule}).
 *
 * <p>Every backend answers every method and path. Every response names its backend in
 * {@code X-Backend} and is framed by {@code Content-Length} (or chunked, for normal responses
 * when {@link Behaviour#chunked()}). The latency is slept before the head is written. A response
 * says {@code Connection: close}, and the backend closes after it, when the behaviour is not
 * keep-alive, when the request said {@code Connection: close}, or when the request was HTTP/1.0.
 * Request bodies ({@code Content-Length} or chunked) are read and discarded; pipelined requests
 * are answered in order. A request that cannot be framed gets 400 and a head over 64 KiB gets
 * 431, both closing the connection; neither is counted.
 *
 * <p>{@code GET /healthz} (or {@code HEAD}, with any query) follows the backend's mode like any
 * other request, with its own small body, never an error drawn from the error rate, and its own
 * counter ({@link #healthChecks()}, not {@link #served()}):
 * <table>
 * <caption>What a health check sees</caption>
 * <tr><th>mode</th><th>/healthz</th></tr>
 * <tr><td>UP</td><td>after the latency, 200 {@code ok}</td></tr>
 * <tr><td>ERROR</td><td>after the latency, {@code errorStatus} {@code unhealthy}</td></tr>
 * <tr><td>SLOW_BODY</td><td>after the latency, 200 head at once, {@code ok} over about a second</td></tr>
 * <tr><td>RESET</td><td>after the latency, half a response, then a TCP reset</td></tr>
 * <tr><td>HANG</td><td>no answer until the mode changes</td></tr>
 * <tr><td>REFUSE</td><td>connection refused</td></tr>
 * </table>
 *
 * <p>Randomness: {@code seed} feeds one {@link SplittableRandom}, split in spec order into two
 * streams per backend, one for the error draws and one for latency samples. A backend's
 * sequence of error outcomes (one Bernoulli draw per non-health request in UP or SLOW_BODY with
 * 0 &lt; errorRate &lt; 1) therefore depends only on the seed, its position in the spec list and
 * the order its requests arrive in; it does not depend on the other backends or on its latency.
 *
 * <p>Threading model: each backend has a virtual-thread-per-task executor. One virtual thread
 * per listening socket accepts; one virtual thread per connection reads requests and writes
 * responses with blocking socket I/O, sleeping out each latency (a parked virtual thread holds
 * no carrier thread, so thousands of slow requests cost memory, not threads). Draws from a
 * backend's generators take a short lock per request, and only when the behaviour draws at all.
 * Behaviour changes are one volatile write per backend, serialised per backend; each request
 * reads the behaviour once, after its body was read, and is served under it (HANG requests
 * wait for the next change). Each timeline runs on a daemon platform thread of its own, which
 * sleeps until each event is due. Responses are encoded once per behaviour and request heads
 * are parsed in place in a per-connection buffer, so a request costs no allocation of its own
 * beyond a sleep's timer; on two cores a backend answers well over 100k small keep-alive
 * requests per second (wrk, 100 connections), far more than a proxy in front of it can send.
 *
 * <p>All methods are safe to call from any thread. After {@link #close()}, changing a backend
 * throws {@link IllegalStateException}; reading names, addresses and counters still works.
 */
public final class TestBackends implements AutoCloseable {

    /** How long {@link #close()} waits for the backends' threads to end, in milliseconds. */
    public static final long CLOSE_WAIT_MILLIS = 5_000;

    /**
     * Observes the backends, for tests and progress output. Calls come on the thread that made
     * the change or served the response, so they must be quick and must not block; one that
     * throws is reported to the thread's uncaught-exception handler and otherwise ignored.
     */
    public interface Listener {
        /** After {@code behaviour} took effect on {@code backend} (apply, change or a timeline event). */
        default void changed(String backend, Behaviour behaviour) {
        }

        /**
         * After a response was written in full and counted: {@code health} for {@code /healthz}.
         * Not called for half responses (RESET), nor for 400 and 431.
         */
        default void responded(String backend, int status, boolean health) {
        }
    }

    /**
     * A running timeline. Closing it cancels the events that have not run; an event already
     * running finishes. Closing the backends closes their timelines.
     */
    public interface Timeline extends AutoCloseable {
        /**
         * Completes when every event has been applied; completes exceptionally with the first
         * event's failure (later events still run); is cancelled when the timeline is closed
         * before its last event.
         */
        CompletableFuture<Void> done();

        /** Cancels what has not run; idempotent; does not throw. */
        @Override
        void close();
    }

    private final List<Backend> backends;
    private final Map<String, Backend> byName;
    private final List<String> names;
    private final Listeners listeners = new Listeners();
    private final Set<TimelineRun> timelines = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private TestBackends(int size) {
        this.backends = new ArrayList<>(size);
        this.byName = new LinkedHashMap<>();
        this.names = new ArrayList<>(size);
    }

    /**
     * Starts one backend per spec, each listening on {@code 127.0.0.1} on a port of the system's
     * choosing (a backend that starts in REFUSE has its port reserved, not listening).
     *
     * @param specs backends in order; names must be unique
     * @param seed  the seed of every backend's generators (see the class comment)
     * @throws IllegalArgumentException on a duplicate name
     * @throws IOException              when a port cannot be bound; the backends already started are closed
     */
    public static TestBackends start(List<BackendSpec> specs, long seed) throws IOException {
        TestBackends t = new TestBackends(specs.size());
        SplittableRandom root = new SplittableRandom(seed);
        try {
            for (BackendSpec spec : specs) {
                if (t.byName.containsKey(spec.name())) {
                    throw new IllegalArgumentException("duplicate backend name " + Json.quote(spec.name()));
                }
                Backend b = new Backend(spec.name(), spec.behaviour(), root.split(), t.listeners);
                t.backends.add(b);
                t.byName.put(spec.name(), b);
                t.names.add(spec.name());
            }
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** The backends' names, in spec order. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** Where {@code name} listens: 127.0.0.1 and a port that stays the same for its whole life. */
    public InetSocketAddress address(String name) {
        return backend(name).address();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public String url(String name) {
        return "http://127.0.0.1:" + backend(name).address().getPort();
    }

    /** What {@code name} does now. */
    public Behaviour behaviour(String name) {
        return backend(name).state().behaviour;
    }

    /**
     * Makes {@code b} the behaviour of {@code name} for every request read from now on. Entering
     * {@link Mode#REFUSE} stops listening and closes every open connection; leaving it listens
     * again on the same port before this returns. Waiting {@link Mode#HANG} requests are then
     * served under {@code b}.
     *
     * @throws IllegalArgumentException when there is no such backend
     * @throws IllegalStateException    after {@link #close()}
     * @throws UncheckedIOException     when the port cannot be listened on again (the backend stays refusing)
     */
    public void apply(String name, Behaviour b) {
        Objects.requireNonNull(b, "behaviour");
        Backend backend = backend(name);
        synchronized (backend) {
            backend.apply(b);
        }
    }

    /**
     * Applies the members of {@code partial} (as {@link Behaviour#parse} reads them) on top of
     * the current behaviour of {@code name}, e.g. {@code {"mode":"hang"}}.
     *
     * @throws IllegalArgumentException when there is no such backend or {@code partial} is not a
     *                                  valid partial behaviour (message path {@code change})
     */
    public void change(String name, JsonValue partial) {
        change(name, partial, "change");
    }

    /**
     * Runs {@code events} relative to now, each at its {@link TimelineEvent#at()} (events with
     * the same time in list order), on a daemon thread of its own. Every event is checked before
     * anything is scheduled: its backend must exist and its change must parse.
     *
     * @throws IllegalArgumentException naming the event ({@code timeline[2].set.mode: ...})
     * @throws IllegalStateException    after {@link #close()}
     */
    public Timeline schedule(List<TimelineEvent> events) {
        if (closed) {
            throw new IllegalStateException("backends are closed");
        }
        for (int i = 0; i < events.size(); i++) {
            TimelineEvent e = events.get(i);
            String path = "timeline[" + i + "]";
            if (!byName.containsKey(e.backend())) {
                throw new IllegalArgumentException(path + ".backend: unknown backend " + Json.quote(e.backend())
                        + "; expected one of " + String.join(", ", names));
            }
            Behaviour.parse(e.change(), path + ".set", behaviour(e.backend()));
        }
        TimelineRun run = new TimelineRun(events);
        timelines.add(run);
        run.start();
        return run;
    }

    /** Responses written in full per backend, in {@link #names()} order: error statuses count, health checks do not. */
    public Map<String, Long> served() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Backend b : backends) {
            m.put(b.name, b.served());
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@code /healthz} responses written in full per backend, in {@link #names()} order. */
    public Map<String, Long> healthChecks() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Backend b : backends) {
            m.put(b.name, b.healthChecks());
        }
        return Collections.unmodifiableMap(m);
    }

    /** Adds a listener; it sees changes and responses from now on. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Cancels timelines, stops listening, closes every connection (waiting and hanging requests
     * go unanswered) and waits up to {@link #CLOSE_WAIT_MILLIS} for the threads to end.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (TimelineRun t : timelines) {
            t.close();
        }
        for (Backend b : backends) {
            b.close();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        try {
            for (Backend b : backends) {
                b.awaitTermination(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void change(String name, JsonValue partial, String path) {
        Backend b = backend(name);
        // Serialised with apply and other changes of this backend, so that no change is lost to a race.
        synchronized (b) {
            b.apply(Behaviour.parse(partial, path, b.state().behaviour));
        }
    }

    private Backend backend(String name) {
        Backend b = byName.get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown backend " + Json.quote(String.valueOf(name))
                    + "; expected one of " + String.join(", ", names));
        }
        return b;
    }

    /**
     * One {@link #schedule} call: one daemon thread that waits for each event's time and applies
     * the events strictly in order (sorted by time, ties in list order). Closing wakes it and it
     * ends without applying anything more.
     */
    private final class TimelineRun implements Timeline {
        private final List<TimelineEvent> events;
        private final List<Integer> order;
        private final long start = System.nanoTime();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition cancelledSignal = lock.newCondition();
        private boolean cancelled; // guarded by lock

        TimelineRun(List<TimelineEvent> events) {
            this.events = List.copyOf(events);
            List<Integer> o = new ArrayList<>();
            for (int i = 0; i < this.events.size(); i++) {
                o.add(i);
            }
            o.sort(Comparator.comparing(i -> this.events.get(i).at())); // stable: ties keep list order
            this.order = List.copyOf(o);
        }

        void start() {
            if (events.isEmpty()) {
                finish(null);
                return;
            }
            Thread.ofPlatform().daemon().name("backend-timeline").start(this::runAll);
        }

        private void runAll() {
            RuntimeException firstFailure = null;
            for (int i : order) {
                TimelineEvent e = events.get(i);
                if (!awaitTime(start + saturatedNanos(e.at()))) {
                    return;
                }
                try {
                    change(e.backend(), e.change(), "timeline[" + i + "].set");
                } catch (RuntimeException failure) {
                    if (firstFailure == null) {
                        firstFailure = failure;
                    }
                }
            }
            finish(firstFailure);
        }

        /** Waits until {@code deadline} ({@link System#nanoTime()}); false when cancelled first. */
        private boolean awaitTime(long deadline) {
            lock.lock();
            try {
                long wait;
                while (!cancelled && (wait = deadline - System.nanoTime()) > 0) {
                    cancelledSignal.awaitNanos(wait);
                }
                return !cancelled;
            } catch (InterruptedException e) {
                return false; // nobody interrupts this thread; treat it as a cancel
            } finally {
                lock.unlock();
            }
        }

        private void finish(RuntimeException failure) {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
            timelines.remove(this);
        }

        @Override
        public CompletableFuture<Void> done() {
            return done;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                cancelled = true;
                cancelledSignal.signalAll();
            } finally {
                lock.unlock();
            }
            done.cancel(false);
            timelines.remove(this);
        }

        private static long saturatedNanos(Duration d) {
            try {
                return d.toNanos();
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE / 4;
            }
        }
    }
}
