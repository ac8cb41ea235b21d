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
    private final HeaderFields upstreamFields = new HeaderFields();
    private java.util.List<String> upstreamRemovals = java.util.List.of();
    private final java.util.List<java.util.function.IntConsumer> finishHooks = new java.util.ArrayList<>(2);
    private boolean finished;
    private int finalStatus;
    private volatile ExchangeObserver observer;
    private volatile int tries;
    private volatile long upstreamHeadNanos = -1;
    private volatile String errorReason;
    private volatile boolean closeAfterResponse;
    private volatile io.flowstate.core.time.Scheduler timer;
    private final java.util.concurrent.atomic.AtomicLong requestBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong responseBytes = new java.util.concurrent.atomic.AtomicLong();

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
        this.deadlineNanos = Long.MAX_VALUE;
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
        return requestBytes.get();
    }

    /** Called by the ingress as it reads the request body. */
    public void addRequestBytes(long n) {
        requestBytes.addAndGet(n);
    }

    /** Response body bytes written to the client, as the ingress counted them. */
    public long responseBytes() {
        return responseBytes.get();
    }

    /** Called by the ingress as it writes the response body. */
    public void addResponseBytes(long n) {
        responseBytes.addAndGet(n);
    }

    /**
     * Runs {@code hook} with the final status once the exchange is over: the response was
     * written to its end, or writing it failed (status 499 when the client went away).
     * Registered by the core (deadline timers, endpoint load, metrics and logs). When the
     * exchange is over already (a client that left while a retry waited), the hook runs at
     * once, on the caller's thread, with the final status.
     */
    public void onFinish(java.util.function.IntConsumer hook) {
        int status;
        synchronized (finishHooks) {
            if (!finished) {
                finishHooks.add(hook);
                return;
            }
            status = finalStatus;
        }
        hook.accept(status);
    }

    /**
     * Called by the ingress exactly once, when the response is complete or has failed.
     * A second call does nothing, so an ingress may call it from a finally block.
     */
    public void finish(int status) {
        java.util.List<java.util.function.IntConsumer> hooks;
        synchronized (finishHooks) {
            if (finished) {
                return;
            }
            finished = true;
            finalStatus = status;
            hooks = java.util.List.copyOf(finishHooks);
        }
        ExchangeObserver o = observer;
        if (o != null) {
            try {
                o.finished(this, status);
            } catch (RuntimeException e) {
                System.getLogger(Exchange.class.getName()).log(System.Logger.Level.WARNING, "exchange observer failed", e);
            }
        }
        for (java.util.function.IntConsumer h : hooks) {
            try {
                h.accept(status);
            } catch (RuntimeException e) {
                System.getLogger(Exchange.class.getName()).log(System.Logger.Level.WARNING, "finish hook failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return request + " from " + client + (requestId == null ? "" : " id=" + requestId);
    }
}
