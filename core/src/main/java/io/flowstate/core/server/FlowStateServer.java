package io.flowstate.core.server;

import io.flowstate.core.admin.AdminActions;
import io.flowstate.core.admin.AdminServer;
import io.flowstate.core.config.ConfigError;
import io.flowstate.core.config.ConfigException;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.filter.RequestIds;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import io.flowstate.core.log.EventLog;
import io.flowstate.core.metrics.Counter;
import io.flowstate.core.metrics.Gauge;
import io.flowstate.core.metrics.Labels;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.probe.HealthChecker;
import io.flowstate.core.probe.HttpProbe;
import io.flowstate.core.proxy.Gateway;
import io.flowstate.core.proxy.Snapshot;
import io.flowstate.core.spi.ClientConnections;
import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamSettings;
import io.flowstate.core.telemetry.HealthMetrics;
import io.flowstate.core.telemetry.PoolGauges;
import io.flowstate.core.time.TimerWheel;
import io.flowstate.core.time.Scheduler;
import io.flowstate.core.time.Ticker;
import io.flowstate.core.config.RouteConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A running proxy: one engine's ingress and upstream around the gateway of the current
 * config, the health checker, the metrics, and the admin listener when configured.
 *
 * <p>Lifecycle: {@link #start} binds and serves. {@link #reload} swaps in a new config
 * without dropping a request. {@link #beginDrain()} (the admin API's
 * {@code POST /admin/drain}, a signal) drains in the background: {@code /readyz} turns 503,
 * the listener goes on accepting for {@code timeouts.drainGrace}, then closes, keep-alive
 * connections are told to close, requests in flight finish within {@code timeouts.drain},
 * then everything closes; {@link #terminated()} completes when it is over and
 * {@link #shutdown()} waits for it. {@link #close()} stops at once. All are idempotent.
 */
public final class FlowStateServer implements AutoCloseable {
    private static final EventLog LOG = EventLog.stderr();

    /**
     * How a server is run beyond its config.
     *
     * @param events  also receives every health transition (tests wait on them)
     * @param source  where {@link #reload()} reads the config again; null when it cannot
     * @param version the build's version, for {@code flowstate_build_info}
     * @param drainTimer times a drain's {@code timeouts.drainGrace}; null: the server's own timer
     *                (tests pass one they fire by hand)
     */
    public record Options(HealthListener events, ConfigSource source, String version, Scheduler drainTimer) {
        public static final Options DEFAULT = new Options(HealthListener.none(), null, "dev");

        public Options {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(version, "version");
        }

        /** Options whose drain grace runs on the server's own timer. */
        public Options(HealthListener events, ConfigSource source, String version) {
            this(events, source, version, null);
        }
    }

    private final Engine engine;
    private final Options options;
    private final Metrics metrics = Metrics.create();
    private final ClientConnections clientConnections = new ClientConnections() {
        private final Counter accepted = metrics.counter(MetricNames.CONNECTIONS_ACCEPTED);
        private final Gauge open = metrics.gauge(MetricNames.CONNECTIONS_OPEN);

        @Override
        public void opened() {
            accepted.inc();
            open.inc();
        }

        @Override
        public void closed() {
            open.dec();
        }
    };
    private final Upstream upstream;
    private final TimerWheel deadlines;
    private final HealthChecker health;
    private final Snapshot.Services services;
    private final Gateway gateway;
    private final Object reloadLock = new Object();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CompletableFuture<Integer> terminated = new CompletableFuture<>();
    private volatile ProxyConfig config;
    private volatile Ingress ingress;
    private volatile AdminServer admin;
    private volatile boolean stopped;
    private boolean accepting = true;                          // guarded by reloadLock
    private final Scheduler drainTimer;

    private FlowStateServer(ProxyConfig config, Engine engine, Options options) throws IOException {
        this.config = config;
        this.engine = engine;
        this.options = options;
        Ticker ticker = Ticker.system();
        var t = config.timeouts();
        this.upstream = engine.newUpstream(new UpstreamSettings(t.connect(), t.idle(),
                config.transport().keepAlive(), config.transport().maxIdlePerBackend(),
                config.transport().eventLoops()));
        this.deadlines = new TimerWheel();
        this.drainTimer = options.drainTimer() != null ? options.drainTimer() : deadlines;
        this.health = new HealthChecker(new HttpProbe(), ticker);
        this.services = new Snapshot.Services(upstream, ticker, deadlines,
                HealthListener.log().andThen(new HealthMetrics(metrics)).andThen(options.events())
                        .andThen(e -> health.wake()),                   // a new deadline may be due sooner
                ThreadLocalRandom::current, metrics);
        try {
            Snapshot snapshot = Snapshot.compile(config, services);
            this.gateway = new Gateway(snapshot, new RequestIds(RandomGenerator.getDefault()), ticker, deadlines);
            snapshot.pools().values().forEach(p -> PoolGauges.register(metrics, p, upstream));
            metrics.callbackGauge(MetricNames.BUILD_INFO, () -> 1, options.version(), engine.name());
            health.watch(List.copyOf(snapshot.pools().values()));
            health.start();
            this.ingress = engine.startIngress(ingressSettings(config), gateway, upstream);
            this.admin = config.admin() == null ? null : AdminServer.start(config.admin(), new Actions());
            loaded();
            LOG.log(EventLog.Level.INFO, "server_started", "engine", engine.name(), "listen", hostPort(address()),
                    "admin", admin == null ? null : hostPort(admin.address()), "version", options.version());
        } catch (IOException | RuntimeException e) {
            LOG.log(EventLog.Level.ERROR, "server_start_failed", "reason", e.getMessage());
            close();
            throw e;
        }
    }

    /** Starts serving {@code config} on {@code engine}; returns once the listeners are bound. */
    public static FlowStateServer start(ProxyConfig config, Engine engine) throws IOException {
        return new FlowStateServer(config, engine, Options.DEFAULT);
    }

    /**
     * Like {@link #start(ProxyConfig, Engine)}, and every health transition also goes to
     * {@code events} (besides the log), on the thread that caused it (see {@link HealthListener}).
     */
    public static FlowStateServer start(ProxyConfig config, Engine engine, HealthListener events) throws IOException {
        return new FlowStateServer(config, engine, new Options(events, null, Options.DEFAULT.version()));
    }

    public static FlowStateServer start(ProxyConfig config, Engine engine, Options options) throws IOException {
        return new FlowStateServer(config, engine, options);
    }

    /** {@code 127.0.0.1:8080}, {@code [::1]:8080}: an address as a person writes it. */
    public static String hostPort(InetSocketAddress a) {
        return io.flowstate.core.spi.ListenException.hostPort(a);
    }

    private IngressSettings ingressSettings(ProxyConfig c) {
        return new IngressSettings(c.listen(), c.timeouts().idle(), c.limits().maxHeaderBytes(),
                c.limits().maxBodyBytes(), clientConnections, c.limits().maxConnections());
    }

    /** The proxy listener's address. */
    public InetSocketAddress address() {
        return ingress.address();
    }

    /** The admin listener's address, or null when there is none. */
    public InetSocketAddress adminAddress() {
        AdminServer a = admin;
        return a == null ? null : a.address();
    }

    public Gateway gateway() {
        return gateway;
    }

    public ProxyConfig config() {
        return config;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Whether a drain has begun ({@code /readyz} answers 503). */
    public boolean draining() {
        return draining.get();
    }

    /** Completes with the number of requests cut at the drain timeout once the server has stopped. */
    public CompletableFuture<Integer> terminated() {
        return terminated;
    }

    // ---- reload ----

    /** Reads the config source again and applies it ({@link #reload(ProxyConfig)}). */
    public AdminActions.ReloadOutcome reload() {
        ConfigSource source = options.source();
        if (source == null) {
            return refused("this server was started without a config file to reload from", List.of());
        }
        ProxyConfig next;
        try {
            next = source.load();
        } catch (ConfigException e) {
            return refused(e.errors().size() + " config error(s); the running config is unchanged",
                    e.errors().stream().map(ConfigError::toString).toList());
        } catch (IOException e) {
            return refused("cannot read the config: " + e.getMessage() + "; the running config is unchanged",
                    List.of());
        }
        return reload(next);
    }

    /**
     * Swaps in {@code next} at once for new requests; requests in flight finish on the config
     * they started with. Endpoints that stay keep their state; removed ones get no new requests
     * and their series leave the metrics. A new {@code listen} address gets a new listener and
     * the old one drains; a new admin address moves the admin listener. Nothing changes when
     * the new config cannot be applied (another engine, an address that cannot be bound).
     */
    public AdminActions.ReloadOutcome reload(ProxyConfig next) {
        synchronized (reloadLock) {
            if (stopped || draining.get()) {
                return refused("the server is stopping", List.of());
            }
            ProxyConfig current = config;
            if (!next.engine().equals(current.engine())) {
                return refused("the engine cannot change on a reload (running " + current.engine() + ", the file says "
                        + next.engine() + "); restart to change it", List.of());
            }
            List<String> notes = new ArrayList<>();
            if (!next.timeouts().connect().equals(current.timeouts().connect())
                    || !next.timeouts().idle().equals(current.timeouts().idle())
                    || !next.transport().equals(current.transport())) {
                notes.add("timeouts.connect, timeouts.idle and transport apply to backends after a restart");
            }
            Snapshot previous = gateway.snapshot();
            Snapshot snapshot;
            try {
                snapshot = Snapshot.compile(next, services, previous);
            } catch (RuntimeException e) {
                return refused("cannot compile the config: " + e.getMessage(), List.of());
            }
            Ingress oldIngress = null;
            Ingress newIngress = null;
            boolean listenerMoves = !next.listen().equals(current.listen());
            if (listenerMoves) {
                try {
                    newIngress = engine.startIngress(ingressSettings(next), gateway, upstream);
                } catch (IOException | RuntimeException e) {
                    forgetRemoved(snapshot, previous);          // the series the refused config resolved
                    return refused(e.getMessage(), List.of());
                }
            } else if (!ingressSettings(next).equals(ingressSettings(current))) {
                notes.add("timeouts.idle and limits apply to a new listen address or after a restart");
            }
            // The admin listener: a new token applies in place; a new address gets a new
            // listener before the old one goes (after a grace, so that the answer to the
            // POST /admin/reload that asked for this still goes out on it).
            AdminServer oldAdmin = admin;
            AdminServer newAdmin = oldAdmin;
            boolean adminMoves = !Objects.equals(next.admin() == null ? null : next.admin().listen(),
                    current.admin() == null ? null : current.admin().listen());
            if (adminMoves && next.admin() != null) {
                try {
                    newAdmin = AdminServer.start(next.admin(), new Actions());
                } catch (IOException | RuntimeException e) {
                    if (newIngress != null) {
                        newIngress.close();
                    }
                    forgetRemoved(snapshot, previous);
                    return refused("cannot start the admin listener on " + hostPort(next.admin().listen()) + ": "
                            + e.getMessage(), List.of());
                }
            } else if (adminMoves) {
                newAdmin = null;
            }

            gateway.swap(snapshot);                             // the one atomic write requests see
            config = next;
            if (newIngress != null) {
                oldIngress = ingress;
                ingress = newIngress;
            }
            admin = newAdmin;
            if (newAdmin != null && !adminMoves) {
                newAdmin.token(next.admin().token());
            }
            try {
                health.watch(List.copyOf(snapshot.pools().values()));
                forgetRemoved(previous, snapshot);
                snapshot.pools().values().forEach(p -> PoolGauges.register(metrics, p, upstream));
            } finally {
                if (oldIngress != null) {
                    retire(oldIngress, current.timeouts().drain());
                }
                if (adminMoves && oldAdmin != null) {
                    oldAdmin.retire();
                }
            }
            loaded();
            String message = "applied: " + next.routes().size() + " route(s), " + next.pools().size() + " pool(s)"
                    + (listenerMoves ? "; now listening on " + hostPort(address()) : "")
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
            LOG.log(EventLog.Level.INFO, "config_reloaded", "message", message);
            return new AdminActions.ReloadOutcome(true, message, List.of());
        }
    }

    private AdminActions.ReloadOutcome refused(String message, List<String> errors) {
        metrics.counter(MetricNames.CONFIG_RELOADS, "failure").inc();
        LOG.log(EventLog.Level.WARN, "config_reload_refused", "message", message,
                "errors", errors.isEmpty() ? null : String.join("; ", errors));
        return new AdminActions.ReloadOutcome(false, message, errors);
    }

    private void loaded() {
        metrics.counter(MetricNames.CONFIG_RELOADS, "success").inc();
        long seconds = System.currentTimeMillis() / 1000;
        metrics.callbackGauge(MetricNames.CONFIG_LAST_RELOAD_SUCCESS, () -> seconds);
    }

    /** Drops the metric series of routes, pools and endpoints the new snapshot no longer has. */
    private void forgetRemoved(Snapshot before, Snapshot after) {
        Set<String> routes = after.config().routes().stream().map(RouteConfig::name).collect(Collectors.toSet());
        for (RouteConfig r : before.config().routes()) {
            if (!routes.contains(r.name())) {
                metrics.removeMatching(Map.of(Labels.ROUTE, r.name()));
            }
        }
        for (Pool p : before.pools().values()) {
            Pool kept = after.pools().get(p.name());
            if (kept == null) {
                metrics.removeMatching(Map.of(Labels.POOL, p.name()));
                continue;
            }
            Set<String> keys = kept.endpoints().stream().map(Endpoint::key).collect(Collectors.toSet());
            for (Endpoint e : p.endpoints()) {
                if (!keys.contains(e.key())) {
                    metrics.removeMatching(Map.of(Labels.POOL, p.name(), Labels.BACKEND, e.key()));
                }
            }
        }
    }

    /** A listener replaced by a reload: stop accepting at once, drain in the background, close. */
    private static void retire(Ingress old, java.time.Duration grace) {
        old.stopAccepting();
        Thread.ofPlatform().daemon().name("flowstate-retire-listener").start(() -> {
            try {
                old.drain(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                old.close();
            }
        });
    }

    // ---- drain and stop ----

    /*
     * A graceful stop has three phases:
     *   1. unready: /readyz says 503 and reloads are refused; the listener still accepts and
     *      serves as before, for timeouts.drainGrace, so that load balancers polling readiness
     *      (and Kubernetes' endpoint removal) move traffic away before the port closes;
     *   2. stop accepting: the listener closes, idle keep-alive connections close, responses
     *      still to come say Connection: close;
     *   3. drain: requests in flight get timeouts.drain to finish, then everything closes.
     * The grace is timed by Options.drainTimer (the server's own timer unless a test gives one).
     */

    /**
     * Phase 2 at once (phase 1 too if it had not begun): {@code /readyz} turns 503, the
     * listener closes (new connections are refused), idle keep-alive connections close, and
     * responses still to come carry {@code Connection: close}. Returns once that is done;
     * requests in flight go on. Idempotent; a drain runs it when its grace is over.
     */
    public void stopAccepting() {
        synchronized (reloadLock) {                            // a reload cannot swap a listener in meanwhile
            draining.set(true);
            if (!accepting) {
                return;
            }
            accepting = false;
            ingress.stopAccepting();
        }
    }

    /**
     * Begins a graceful stop and returns at once: {@code /readyz} turns 503 before this
     * returns; the listener keeps accepting for {@code timeouts.drainGrace} (with no grace it
     * has stopped before this returns), then stops, and
     * requests in flight get {@code timeouts.drain}. {@link #terminated()} completes when it is
     * over. Idempotent (the admin API's {@code POST /admin/drain}, a signal).
     */
    public void beginDrain() {
        synchronized (reloadLock) {
            if (stopped || !shutdownStarted.compareAndSet(false, true)) {
                return;
            }
            draining.set(true);                                // readyz 503, reloads refused
        }
        var t = config.timeouts();
        LOG.log(EventLog.Level.INFO, "drain_started", "grace", t.drainGrace(), "drain", t.drain());
        Runnable stopAndDrain = () -> Thread.ofPlatform().name("flowstate-drain").start(this::drainInFlight);
        if (t.drainGrace().isZero()) {
            stopAccepting();                                   // no grace: refused before this returns
            stopAndDrain.run();
            return;
        }
        try {
            drainTimer.schedule(stopAndDrain, t.drainGrace().toNanos());
        } catch (RuntimeException e) {                         // the timer is closed: the server is closing
            stopAndDrain.run();
        }
    }

    /** Phases 2 and 3, on the drain thread. */
    private void drainInFlight() {
        int cut = 0;
        try {
            if (stopped) {
                return;                                        // closed during the grace
            }
            stopAccepting();
            Duration drain = config.timeouts().drain();
            cut = ingress.drain(drain);
            if (cut > 0) {
                LOG.log(EventLog.Level.WARN, "drain_timeout", "cut", cut, "drain", drain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminated.complete(cut);                          // before close(), which would say 0
            close();
            LOG.log(EventLog.Level.INFO, "server_stopped", "cut", cut);
        }
    }

    /**
     * Graceful stop ({@link #beginDrain()}) and waits for its end. Returns how many requests
     * were cut at the drain timeout. A second caller waits for the first one's result.
     */
    public int shutdown() throws InterruptedException {
        beginDrain();
        try {
            return terminated.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        synchronized (reloadLock) {                            // no reload is half done while this runs
            stopped = true;
            draining.set(true);
        }
        health.close();
        Ingress i = ingress;
        if (i != null) {
            i.close();
        }
        upstream.close();
        deadlines.close();
        AdminServer a = admin;
        if (a != null) {
            a.close();
        }
        Gateway g = gateway;
        if (g != null) {
            g.snapshot().close();                              // the access logs write what they hold
        }
        terminated.complete(0);
    }

    /** The admin API's view of this server. */
    private final class Actions implements AdminActions {
        @Override
        public Snapshot snapshot() {
            return gateway.snapshot();
        }

        @Override
        public JsonValue configDocument() {
            JsonValue d = config.document();
            return d == null ? new JsonObject(java.util.Map.of()) : d;
        }

        @Override
        public Metrics metrics() {
            return metrics;
        }

        @Override
        public boolean draining() {
            return FlowStateServer.this.draining();
        }

        @Override
        public ReloadOutcome reload() {
            return FlowStateServer.this.reload();
        }

        @Override
        public void drain() {
            beginDrain();
        }
    }
}
