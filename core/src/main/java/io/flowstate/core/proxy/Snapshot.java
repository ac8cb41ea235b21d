package io.flowstate.core.proxy;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.config.FilterConfig;
import io.flowstate.core.config.Match;
import io.flowstate.core.config.PoolConfig;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.config.RouteConfig;
import io.flowstate.core.filter.AccessLogs;
import io.flowstate.core.filter.FilterChain;
import io.flowstate.core.filter.FilterFactory;
import io.flowstate.core.filter.FilterPrecedence;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.pool.BalancerFactory;
import io.flowstate.core.pool.Balancers;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.resilience.RetryBudget;
import io.flowstate.core.resilience.RetryPolicy;
import io.flowstate.core.route.RouteSpec;
import io.flowstate.core.route.Router;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.telemetry.RouteMetrics;
import io.flowstate.core.telemetry.UpstreamMetrics;
import io.flowstate.core.time.Scheduler;
import io.flowstate.core.time.Ticker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One config, compiled: the router, each route's whole filter chain ending in its proxy
 * handler, and the pools with their health and retry budgets. Built once per config and
 * never changed; the gateway swaps whole snapshots.
 *
 * <p>Filter precedence: global filters (in the order listed) wrap the route's filters (in
 * the order listed), which wrap the proxy handler; a route's filter of a global filter's type
 * takes that global filter's place, and a route's {@code disabled} entry removes it
 * ({@link FilterPrecedence}). Requests that match no route still pass through the global
 * filters, then get 404. Each filter entry is built once: the global ones are shared by every
 * route that keeps them and by the 404 handler, so a filter that counts ({@code rateLimit},
 * {@code maxConcurrent}) counts their requests together; a route's own filters count its own.
 *
 * <p>Life: a snapshot holds what outlives single requests and must be let go: its access-log
 * sinks ({@link #accessLogs()}, a writer thread each), which a reload hands on to the next
 * snapshot. The server closes the last snapshot when it stops.
 */
public record Snapshot(ProxyConfig config, Router<CompiledRoute> router, CompiledRoute noRoute,
                       Map<String, Pool> pools, long requestTimeoutNanos, AccessLogs accessLogs)
        implements AutoCloseable {

    /**
     * What a snapshot runs on, shared by every snapshot of one server.
     *
     * @param upstream  the engine's client side
     * @param ticker    the clock of deadlines, balancers and health
     * @param scheduler runs retries after their backoff
     * @param health    receives every health transition
     * @param random    randomness for picks and backoff jitter, one generator per calling thread
     * @param metrics   where routes and pools record; {@link Metrics#disabled()} records nothing
     * @param clock     the wall clock of log lines (the access log's {@code time})
     */
    public record Services(Upstream upstream, Ticker ticker, Scheduler scheduler, HealthListener health,
                           Supplier<? extends RandomGenerator> random, Metrics metrics, Clock clock) {
        public Services {
            Objects.requireNonNull(upstream, "upstream");
            Objects.requireNonNull(ticker, "ticker");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(clock, "clock");
        }

        /** Services that record no metrics, on the system's UTC wall clock. */
        public Services(Upstream upstream, Ticker ticker, Scheduler scheduler, HealthListener health,
                        Supplier<? extends RandomGenerator> random) {
            this(upstream, ticker, scheduler, health, random, Metrics.disabled(), Clock.systemUTC());
        }

        /** Services on the system's UTC wall clock. */
        public Services(Upstream upstream, Ticker ticker, Scheduler scheduler, HealthListener health,
                        Supplier<? extends RandomGenerator> random, Metrics metrics) {
            this(upstream, ticker, scheduler, health, random, metrics, Clock.systemUTC());
        }
    }

    /** Compiles with retries that do not wait out their backoff and health events logged: tests and benchmarks. */
    public static Snapshot compile(ProxyConfig config, Upstream upstream, Ticker ticker) {
        return compile(config, new Services(upstream, ticker, Scheduler.immediate(), HealthListener.log(),
                ThreadLocalRandom::current));
    }

    /**
     * Builds the snapshot of {@code config}. Access log files are opened (created if missing)
     * here, and their writer threads started.
     *
     * @throws java.io.UncheckedIOException when an access log file cannot be opened; nothing is left open
     */
    public static Snapshot compile(ProxyConfig config, Services services) {
        return compile(config, services, null);
    }

    /**
     * Compiles {@code config}; endpoints that {@code previous} had in a pool of the same name
     * at the same address carry their live state over (load, latency, health, ejection,
     * breaker): a reload forgets nothing about a backend that stays. The access-log sinks are
     * {@code previous}'s too, so that a file keeps one writer across reloads; a new file gets
     * a new sink.
     *
     * @param previous the snapshot running now, or null at start
     * @throws java.io.UncheckedIOException when an access log file cannot be opened
     */
    public static Snapshot compile(ProxyConfig config, Services services, Snapshot previous) {
        AccessLogs accessLogs = previous != null ? previous.accessLogs()
                : new AccessLogs(services.clock(), System.out, services.metrics().counter(MetricNames.ACCESS_LOG_DROPPED));
        try {
            return build(config, services, previous, accessLogs);
        } catch (RuntimeException e) {
            if (previous == null) {
                accessLogs.close();
            }
            throw e;
        }
    }

    private static Snapshot build(ProxyConfig config, Services services, Snapshot previous, AccessLogs accessLogs) {
        Map<String, Pool> pools = new LinkedHashMap<>();
        Map<String, ProxyHandler.Retries> retries = new LinkedHashMap<>();
        Map<String, UpstreamMetrics> upstreamMetrics = new LinkedHashMap<>();
        for (PoolConfig pc : config.pools().values()) {
            BalancerConfig bc = pc.balancer();
            long decayNanos = bc.decay().toNanos();
            Map<String, Endpoint> before = new java.util.HashMap<>();
            Pool old = previous == null ? null : previous.pools().get(pc.name());
            if (old != null) {
                old.endpoints().forEach(e -> before.put(e.key(), e));
            }
            // An endpoint that stays: its load carries over through the Endpoint, its health
            // through the Pool built from old (PoolHealth); neither changes old.
            List<Endpoint> endpoints = pc.backends().stream()
                    .map(b -> {
                        Endpoint fresh = new Endpoint(b.host(), b.port(), b.weight(), decayNanos);
                        Endpoint was = before.get(fresh.key());
                        return was == null ? fresh : new Endpoint(was, b.weight(), decayNanos);
                    })
                    .toList();
            BalancerFactory factory = Balancers.byName(bc.type());
            if (factory == null) {
                throw new IllegalStateException("pool " + pc.name() + ": balancer \"" + bc.type()
                        + "\" is not installed; installed: " + Balancers.names());
            }
            pools.put(pc.name(), new Pool(pc.name(), endpoints, factory.create(bc), services.random(),
                    services.ticker(), pc.health(), pc.breaker(), services.health(), old));
            upstreamMetrics.put(pc.name(), new UpstreamMetrics(services.metrics(), pc.name(), endpoints,
                    services.upstream().reportsConnections()));
            retries.put(pc.name(), new ProxyHandler.Retries(new RetryPolicy(pc.retry()),
                    new RetryBudget(pc.retry().budgetPercent(), pc.retry().minRetryConcurrency()), false,
                    services.scheduler(), services.random()));
        }

        List<Filter> global = filters(config.filters(), services.ticker(), accessLogs);
        List<Map.Entry<RouteSpec, CompiledRoute>> routes = new ArrayList<>();
        for (RouteConfig rc : config.routes()) {
            List<Filter> chain = FilterPrecedence.routeChain(config.filters(), global, rc.filters(),
                    c -> FilterFactory.create(c, services.ticker(), accessLogs));
            PoolConfig pc = config.pools().get(rc.pool());
            ProxyHandler.Retries r = retries.get(rc.pool());
            if (rc.retryNonIdempotent()) {
                r = new ProxyHandler.Retries(r.policy(), r.budget(), true, r.scheduler(), r.random());
            }
            long tryTimeout = (pc.retry().perTryTimeout() != null ? pc.retry().perTryTimeout()
                    : config.timeouts().responseHeader()).toNanos();
            Pool pool = pools.get(rc.pool());
            Handler proxy = new ProxyHandler(pool, services.upstream(), tryTimeout, services.ticker(), r,
                    upstreamMetrics.get(rc.pool()));
            RouteSpec spec = new RouteSpec(rc.name(), rc.host(), rc.path(), rc.match() == Match.EXACT,
                    rc.methods(), rc.stripPrefix());
            RouteMetrics metrics = new RouteMetrics(services.metrics(), services.ticker(), rc.name(), rc.pool(),
                    pool.endpoints().stream().map(Endpoint::key).toList());
            routes.add(Map.entry(spec, new CompiledRoute(FilterChain.build(chain, proxy), metrics)));
        }
        Handler noRoute = FilterChain.build(global,
                exchange -> CompletableFuture.completedFuture(ProxyErrors.of(404, "no_route", exchange)));
        RouteMetrics noRouteMetrics = new RouteMetrics(services.metrics(), services.ticker(), RouteMetrics.NONE,
                RouteMetrics.NONE, List.of());
        return new Snapshot(config, Router.build(routes), new CompiledRoute(noRoute, noRouteMetrics),
                java.util.Collections.unmodifiableMap(pools), config.timeouts().request().toNanos(), accessLogs);
    }

    private static List<Filter> filters(List<FilterConfig> configs, Ticker ticker, AccessLogs accessLogs) {
        return configs.stream().map(c -> FilterFactory.create(c, ticker, accessLogs)).toList();
    }

    /**
     * Lets go of what this snapshot owns: closes its access-log sinks, writing what they have
     * queued. The sinks pass from snapshot to snapshot on reload, so only the last one is
     * closed, when the server stops; requests that finish later lose their access log line
     * (counted as dropped). Idempotent.
     */
    @Override
    public void close() {
        accessLogs.close();
    }
}
