package io.flowstate.core.http;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One request's life in the proxy: the request as the client sent it, who sent it, its
 * deadline, its cancellation, and what filters learn on the way (request id, route).
 *
 * <p>Created by the ingress, one per request; the filters and the proxy handler read and
 * annotate it. Deadlines are absolute {@code System.nanoTime()}-based instants from the
 * exchange's ticker.
 */
public final class Exchange {
    private final Request request;
    private final InetSocketAddress client;
    private final String scheme;
    private final long startNanos;
    private final Cancellation cancellation = new Cancellation();
    private volatile long deadlineNanos;
    private volatile String requestId;
    private volatile String routeName;
    private volatile String backend;
    private volatile String forwardTarget;
    private final HeaderFields upstreamFields = new HeaderFields(2);   // the request id, perhaps one more
    private java.util.List<String> upstreamRemovals = java.util.List.of();
    /**
     * The first finish hook: null, the hook, or {@link #FINISHING} once a {@link #finish} call
     * has taken it, which is how that call wins.
     */
    @SuppressWarnings("unused")
    private volatile Object hook0;
    /** The second finish hook: null, the hook, or {@link #FINISHED} once taken. */
    @SuppressWarnings("unused")
    private volatile Object hook1;
    /** The hooks after the first two: {@code null}, the newest {@link Hook}, or {@link #FINISHED}. */
    @SuppressWarnings("unused")
    private volatile Object hooks;
    /** Written by the winning {@link #finish} before it publishes {@link #FINISHED}. */
    private int finalStatus;
    private volatile ExchangeObserver observer;
    private volatile int tries;
    private volatile long upstreamHeadNanos;
    private volatile String errorReason;
    private volatile boolean closeAfterResponse;
    private volatile io.flowstate.core.time.Scheduler timer;
    @SuppressWarnings("unused")
    private volatile long requestBytes;
    @SuppressWarnings("unused")
    private volatile long responseBytes;

    /** A finish hook, linked to the one registered before it. */
    private static final class Hook {
        final java.util.function.IntConsumer action;
        Hook next;                                             // written before the CAS that publishes it

        Hook(java.util.function.IntConsumer action) {
            this.action = action;
        }
    }

    private static final Object FINISHING = new Object();
    private static final Object FINISHED = new Object();
    private static final java.lang.invoke.VarHandle HOOK0;
    private static final java.lang.invoke.VarHandle HOOK1;
    private static final java.lang.invoke.VarHandle HOOKS;
    private static final java.lang.invoke.VarHandle DEADLINE;
    private static final java.lang.invoke.VarHandle UPSTREAM_HEAD;
    private static final java.lang.invoke.VarHandle REQUEST_BYTES;
    private static final java.lang.invoke.VarHandle RESPONSE_BYTES;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            HOOK0 = l.findVarHandle(Exchange.class, "hook0", Object.class);
            HOOK1 = l.findVarHandle(Exchange.class, "hook1", Object.class);
            HOOKS = l.findVarHandle(Exchange.class, "hooks", Object.class);
            DEADLINE = l.findVarHandle(Exchange.class, "deadlineNanos", long.class);
            UPSTREAM_HEAD = l.findVarHandle(Exchange.class, "upstreamHeadNanos", long.class);
            REQUEST_BYTES = l.findVarHandle(Exchange.class, "requestBytes", long.class);
            RESPONSE_BYTES = l.findVarHandle(Exchange.class, "responseBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param request      the request as received (after the ingress validated its head)
     * @param client       the client's address, as the socket saw it
     * @param scheme       {@code "http"} or {@code "https"}: what the client spoke to us
     * @param startNanos   when the head was read, {@code System.nanoTime()} time base
     */
    public Exchange(Request request, InetSocketAddress client, String scheme, long startNanos) {
        this.request = Objects.requireNonNull(request, "request");
        this.client = Objects.requireNonNull(client, "client");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.startNanos = startNanos;
        // Plain writes: nobody sees the exchange before the ingress hands it on, which orders
        // them before any reader; a volatile write here would add a fence per request.
        DEADLINE.set(this, Long.MAX_VALUE);
        UPSTREAM_HEAD.set(this, -1L);
    }

    public Request request() {
        return request;
    }

    public InetSocketAddress client() {
        return client;
    }

    public String scheme() {
        return scheme;
    }

    public long startNanos() {
        return startNanos;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** The absolute deadline of the whole request; {@code Long.MAX_VALUE} when none. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    public void deadlineNanos(long deadline) {
        this.deadlineNanos = deadline;
    }

    /** The request id a filter accepted or made; null until one did. */
    public String requestId() {
        return requestId;
    }

    public void requestId(String id) {
        this.requestId = id;
    }

    public String routeName() {
        return routeName;
    }

    public void routeName(String name) {
        this.routeName = name;
    }

    /** The backend the last try went to ({@code host:port}), or null. */
    public String backend() {
        return backend;
    }

    public void backend(String b) {
        this.backend = b;
    }

    /** The request-target to send upstream (after prefix stripping); the received one until a route says otherwise. */
    public String forwardTarget() {
        String t = forwardTarget;
        return t == null ? request.target() : t;
    }

    public void forwardTarget(String target) {
        this.forwardTarget = target;
    }

    /**
     * Fields the proxy itself sets on the request it sends upstream (for instance the
     * request id), applied after hop-by-hop stripping and replacing any field of the same
     * name, so a client cannot remove them by naming them in {@code Connection}
     * (RFC 9110 7.6.1). Filters add to it; the received request stays as it came.
     */
    public HeaderFields upstreamFields() {
        return upstreamFields;
    }

    /**
     * Leaves every received field of this name (compared case-insensitively) out of the
     * request sent upstream: for instance a credential the proxy has checked and the backend
     * must not see. The proxy path removes these names after hop-by-hop stripping and before
     * it applies {@link #upstreamFields()}, so a field the proxy sets itself is still sent.
     * Called by filters, on the thread that runs them, before the proxy handler; the
     * received request stays as it came.
     */
    public void removeUpstreamField(String name) {
        Objects.requireNonNull(name, "name");
        if (upstreamRemovals.isEmpty()) {
            upstreamRemovals = new java.util.ArrayList<>(2);
        }
        upstreamRemovals.add(name);
    }

    /** The names given to {@link #removeUpstreamField}, in order; empty (and not allocated) when none. */
    public java.util.List<String> upstreamRemovals() {
        return java.util.List.copyOf(upstreamRemovals);
    }

    /**
     * Sets the observer told when this exchange finishes (the gateway's route metrics);
     * one per exchange, set before the chain runs.
     */
    public void observe(ExchangeObserver o) {
        this.observer = o;
    }

    /** Tries sent upstream so far (0: none; 2: one retry). Counted by the proxy handler. */
    public int tries() {
        return tries;
    }

    /** Called by the proxy handler once per try it sends. */
    public void countTry() {
        tries++;                                               // one writer at a time: tries are sequential
    }

    /** Called by the proxy handler for a try the engine could not send at all: it does not count. */
    public void uncountTry() {
        tries--;
    }

    /**
     * When the response head of the try whose answer is used arrived, on the exchange's
     * ticker, or -1 when none did (time to first byte = this minus {@link #startNanos()}).
     */
    public long upstreamHeadNanos() {
        return upstreamHeadNanos;
    }

    public void upstreamHeadNanos(long nanos) {
        this.upstreamHeadNanos = nanos;
    }

    /** The reason of the error response the proxy made for this exchange, or null. */
    public String errorReason() {
        return errorReason;
    }

    public void errorReason(String reason) {
        this.errorReason = reason;
    }

    /**
     * The timer of this exchange's engine (an event loop's own wheel), or null for the shared
     * one: the request deadline, retry backoffs and the engine's per-try timeouts use it when
     * there is one, so that timing a request never crosses threads.
     */
    public io.flowstate.core.time.Scheduler timer() {
        return timer;
    }

    /** Set by the ingress, before the gateway sees the exchange, when its engine times requests itself. */
    public void timer(io.flowstate.core.time.Scheduler t) {
        this.timer = t;
    }

    /**
     * Asks the ingress to close the client connection once this exchange's response is
     * written, saying so with {@code Connection: close} (RFC 9112 9.6): the core calls it when
     * what came back leaves the connection's state unknown (a backend's 101, say).
     */
    public void closeAfterResponse() {
        this.closeAfterResponse = true;
    }

    /** Whether the client connection closes after this exchange's response ({@link #closeAfterResponse()}). */
    public boolean closesAfterResponse() {
        return closeAfterResponse;
    }

    /** Request body bytes read from the client, as the ingress counted them. */
    public long requestBytes() {
        return requestBytes;
    }

    /** Called by the ingress as it reads the request body. */
    public void addRequestBytes(long n) {
        REQUEST_BYTES.getAndAdd(this, n);
    }

    /** Response body bytes written to the client, as the ingress counted them. */
    public long responseBytes() {
        return responseBytes;
    }

    /** Called by the ingress as it writes the response body. */
    public void addResponseBytes(long n) {
        RESPONSE_BYTES.getAndAdd(this, n);
    }

    /**
     * Runs {@code hook} with the final status once the exchange is over: the response was
     * written to its end, or writing it failed (status 499 when the client went away).
     * Registered by the core (deadline timers, endpoint load, metrics and logs). When the
     * exchange is over already (a client that left while a retry waited), the hook runs at
     * once, on the caller's thread, with the final status. Any thread; takes no lock.
     */
    public void onFinish(java.util.function.IntConsumer hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        // The first two go in fields of their own: a request usually has two (its deadline
        // timer and its proxy call), and then registers them without a list node.
        if (hook0 == null && HOOK0.compareAndSet(this, null, hook)) {
            return;
        }
        if (hook1 == null && HOOK1.compareAndSet(this, null, hook)) {
            return;
        }
        Hook node = null;
        while (true) {
            Object h = hooks;
            if (h == FINISHED) {
                hook.accept(finalStatus);                      // read after FINISHED: the winner wrote it before
                return;
            }
            if (node == null) {
                node = new Hook(hook);
            }
            node.next = (Hook) h;
            if (HOOKS.compareAndSet(this, h, node)) {
                return;
            }
        }
    }

    /**
     * Called by the ingress exactly once, when the response is complete or has failed.
     * A second call does nothing, so an ingress may call it from a finally block. The
     * observer, then the hooks in the order they were registered, run on this thread.
     */
    public void finish(int status) {
        /*
         * Lock-free: the call that swaps the first hook field for FINISHING wins (a later one
         * finds FINISHING there and returns) and writes the status, then takes the
         * second field and the stack of the others, each swapped for FINISHED in one atomic
         * step, in that order. A hook registered meanwhile lands in a place not taken yet (it
         * tries them in the same order), or finds all three taken and runs at once with the
         * status (written before the swaps of the second field and the stack, which it read).
         * Each hook thus runs once, and in the order registered: the two fields, then the
         * stack, which is newest first and is reversed in place (no other thread sees it).
         */
        Object first = HOOK0.getAndSet(this, FINISHING);
        if (first == FINISHING) {
            return;                                            // another call won; the field stays taken
        }
        finalStatus = status;
        Object second = HOOK1.getAndSet(this, FINISHED);
        Hook newest = (Hook) HOOKS.getAndSet(this, FINISHED);
        ExchangeObserver o = observer;
        if (o != null) {
            try {
                o.finished(this, status);
            } catch (RuntimeException e) {
                System.getLogger(Exchange.class.getName()).log(System.Logger.Level.WARNING, "exchange observer failed", e);
            }
        }
        run(first, status);
        run(second, status);
        Hook oldest = null;
        while (newest != null) {
            Hook next = newest.next;
            newest.next = oldest;
            oldest = newest;
            newest = next;
        }
        for (Hook h = oldest; h != null; h = h.next) {
            run(h.action, status);
        }
    }

    private static void run(Object hook, int status) {
        if (hook == null) {
            return;
        }
        try {
            ((java.util.function.IntConsumer) hook).accept(status);
        } catch (RuntimeException e) {
            System.getLogger(Exchange.class.getName()).log(System.Logger.Level.WARNING, "finish hook failed", e);
        }
    }

    @Override
    public String toString() {
        return request + " from " + client + (requestId == null ? "" : " id=" + requestId);
    }
}
