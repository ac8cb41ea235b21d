package io.flowstate.core.pool;

import io.flowstate.core.health.EndpointHealth;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend of a pool: where it is, its weight, and the live load the proxy path
 * feeds to balancers. An endpoint outlives config reloads while its address stays, and
 * with it its load (outstanding requests, latency estimate): balancers keep none of it.
 *
 * <p>Its {@linkplain #health() health} is given by the {@link Pool} it is built into, and
 * then kept: a reload makes a new endpoint from the running one
 * ({@link #Endpoint(Endpoint, int, long)}) for its new pool, and that pool carries the
 * health over. An endpoint object given to more than one pool (tests do this) keeps the
 * first pool's; the other pools find their own state for it by identity, more slowly.
 *
 * <p>Load contract, for the proxy path: every try to this endpoint calls
 * {@link #acquire()} once before it is sent and {@link #release()} exactly once however
 * it ends (response written, failure, cancellation), and {@link #observeLatency} once
 * when its response head arrived or it failed. Nobody else changes the load.
 */
public final class Endpoint {
    private static final VarHandle HEALTH;           // on health: the first join() sets it

    static {
        try {
            HEALTH = MethodHandles.lookup().findVarHandle(Endpoint.class, "health", EndpointHealth.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String host;
    private final int port;
    private final int weight;
    private final String key;
    private final AtomicInteger outstanding;
    private final PeakEwma latency;
    /** Set once, by the first pool it is built into ({@link #join}); read on every try. */
    private volatile EndpointHealth health;
    private volatile InetSocketAddress resolved;
    private volatile ConnectionObserver connections = ConnectionObserver.NONE;

    /** An endpoint whose latency estimate decays with {@link PeakEwma#DEFAULT_DECAY_NANOS}. */
    public Endpoint(String host, int port, int weight) {
        this(host, port, weight, PeakEwma.DEFAULT_DECAY_NANOS);
    }

    /** @param latencyDecayNanos the time constant of the latency estimate ({@link PeakEwma}) */
    public Endpoint(String host, int port, int weight, long latencyDecayNanos) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight " + weight + " must be at least 1");
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.weight = weight;
        this.key = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        this.latency = new PeakEwma(latencyDecayNanos);
        this.outstanding = new AtomicInteger();
    }

    /**
     * The same backend in a new config (a reload): it shares the previous endpoint's live
     * load (outstanding tries, and the latency estimate when its decay did not change), so
     * that tries that started before the reload are released on the same counts. Its health
     * (ejection, streaks, breaker, active checks, event counts) is carried over by the pool
     * it joins, built from the running one ({@code Pool(..., previous)}); nothing of
     * {@code previous} changes here.
     */
    public Endpoint(Endpoint previous, int weight, long latencyDecayNanos) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight " + weight + " must be at least 1");
        }
        this.host = previous.host;
        this.port = previous.port;
        this.weight = weight;
        this.key = previous.key;
        this.latency = previous.latency.decayNanos() == latencyDecayNanos ? previous.latency
                : new PeakEwma(latencyDecayNanos);
        this.outstanding = previous.outstanding;
        this.resolved = previous.resolved;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int weight() {
        return weight;
    }

    /** {@code host:port}, the identity used in logs, metrics and {@code X-Backend}-style labels. */
    public String key() {
        return key;
    }

    /**
     * The socket address, resolved on first use. A name that does not resolve is not kept:
     * the next call tries again, so a DNS failure at one probe does not stick.
     */
    public InetSocketAddress address() {
        InetSocketAddress a = resolved;
        if (a == null) {
            a = new InetSocketAddress(host, port);
            if (!a.isUnresolved()) {
                resolved = a;
            }
        }
        return a;
    }

    /** Requests sent to this endpoint whose outcome is not known yet. */
    public int outstanding() {
        return outstanding.get();
    }

    /** Called by the proxy path when a try starts; pair with {@link #release()}. */
    public void acquire() {
        outstanding.incrementAndGet();
    }

    /**
     * Like {@link #acquire()}, unless {@code max} tries are in flight already (a breaker's
     * {@code maxConcurrent}); 0 means no cap.
     *
     * @return whether the try was counted; pair a true answer with {@link #release()}
     */
    public boolean tryAcquire(int max) {
        if (max <= 0) {
            outstanding.incrementAndGet();
            return true;
        }
        int n;
        do {
            n = outstanding.get();
            if (n >= max) {
                return false;
            }
        } while (!outstanding.compareAndSet(n, n + 1));
        return true;
    }

    /**
     * Called by the proxy path exactly once per {@link #acquire()}, however the try ended.
     *
     * @throws IllegalStateException when there is nothing to release: a caller released
     *                               twice, and the count is left at 0
     */
    public void release() {
        int n;
        do {
            n = outstanding.get();
            if (n <= 0) {
                throw new IllegalStateException("release() without acquire() on " + key);
            }
        } while (!outstanding.compareAndSet(n, n - 1));
    }

    /** Who hears about this endpoint's upstream connections; set when a config is compiled. */
    public ConnectionObserver connections() {
        return connections;
    }

    public void connections(ConnectionObserver observer) {
        this.connections = java.util.Objects.requireNonNull(observer, "observer");
    }

    /**
     * Its health in its pool: active checks, ejection, streaks, breaker, event counts; one
     * object, carried over reloads by the pool ({@link io.flowstate.core.health.PoolHealth}).
     * For an endpoint object in several pools, the first one's.
     *
     * @throws IllegalStateException before the endpoint is in a pool
     */
    public EndpointHealth health() {
        EndpointHealth h = health;
        if (h == null) {
            throw new IllegalStateException(key + " is in no pool yet: its health is made by the pool it joins");
        }
        return h;
    }

    /** What the pool's health reads on every try: {@link #health()}, or null before any pool. */
    EndpointHealth state() {
        return health;
    }

    /**
     * Called by each {@link Pool} this endpoint is built into, with the state the pool made
     * for it; the first is kept and never replaced, so building another pool (a reload that
     * is then refused) changes nothing a running pool reads.
     */
    void join(EndpointHealth state) {
        HEALTH.compareAndSet(this, null, Objects.requireNonNull(state, "state"));
    }

    /** The latency estimate p2c-ewma reads; fed by {@link #observeLatency}. */
    public PeakEwma latency() {
        return latency;
    }

    /**
     * Called by the proxy path once per try, when the response head arrived or the try
     * failed or was cancelled: failures count, so a backend that hangs until the timeout
     * looks as slow as it is.
     *
     * @param sentNanos  when the try was handed to the upstream
     * @param endedNanos when its head arrived or it failed, on the same clock
     */
    public void observeLatency(long sentNanos, long endedNanos) {
        latency.observe(endedNanos - sentNanos, endedNanos);
    }

    @Override
    public String toString() {
        return key + (weight == 1 ? "" : " w=" + weight);
    }
}
