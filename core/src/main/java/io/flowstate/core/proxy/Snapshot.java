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
 * <p>Life: a snapshot owns what outlives single requests and must be let go: its access-log
 * sinks ({@link #accessLogs()}, a writer thread each). Whoever retires a snapshot calls
 * {@link #close()} once no request uses it any more (the server at stop; a reload after the
 * old snapshot drained).
 */
public record Snapshot(ProxyConfig config, Router<Handler> router, Handler noRoute, Map<String, Pool> pools,
                       long requestTimeoutNanos, AccessLogs accessLogs) implements AutoCloseable {

    /**
     * What a snapshot runs on, shared by every snapshot of one server.
     *
     * @param upstream  the engine's client side
     * @param ticker    the clock of deadlines, balancers and health
     * @param scheduler runs retries after their backoff
     * @param health    receives every health transition
     * @param random    randomness for picks and backoff jitter, one generator per calling thread
     * @param clock     the wall clock of log lines (the access log's {@code time})
     */
    public record Services(Upstream upstream, Ticker ticker, Scheduler scheduler, HealthListener health,
                           Supplier<? extends RandomGenerator> random, Clock clock) {
        public Services {
            Objects.requireNonNull(upstream, "upstream");
            Objects.requireNonNull(ticker, "ticker");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(clock, "clock");
        }

        /** Services on the system's UTC wall clock. */
        public Services(Upstream upstream, Ticker ticker, Scheduler scheduler, HealthListener health,
                        Supplier<? extends RandomGenerator> random) {
            this(upstream, ticker, scheduler, health, random, Clock.systemUTC());
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
        AccessLogs accessLogs = new AccessLogs(services.clock(), System.out,
                Metrics.disabled().counter(MetricNames.ACCESS_LOG_DROPPED));
        try {
            return compile(config, services, accessLogs);
        } catch (RuntimeException e) {
            accessLogs.close();
            throw e;
        }
    }

    private static Snapshot compile(ProxyConfig config, Services services, AccessLogs accessLogs) {
        Map<String, Pool> pools = new LinkedHashMap<>();
        Map<String, ProxyHandler.Retries> retries = new LinkedHashMap<>();
        for (PoolConfig pc : config.pools().values()) {
            BalancerConfig bc = pc.balancer();
            long decayNanos = bc.decay().toNanos();
            List<Endpoint> endpoints = pc.backends().stream()
                    .map(b -> new Endpoint(b.host(), b.port(), b.weight(), decayNanos))
                    .toList();
            BalancerFactory factory = Balancers.byName(bc.type());
            if (factory == null) {
                throw new IllegalStateException("pool " + pc.name() + ": balancer \"" + bc.type()
                        + "\" is not installed; installed: " + Balancers.names());
            }
            pools.put(pc.name(), new Pool(pc.name(), endpoints, factory.create(bc), services.random(),
                    services.ticker(), pc.health(), pc.breaker(), services.health()));
            retries.put(pc.name(), new ProxyHandler.Retries(new RetryPolicy(pc.retry()),
                    new RetryBudget(pc.retry().budgetPercent(), pc.retry().minRetryConcurrency()), false,
                    services.scheduler(), services.random()));
        }

        List<Filter> global = filters(config.filters(), services.ticker(), accessLogs);
        List<Map.Entry<RouteSpec, Handler>> routes = new ArrayList<>();
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
            Handler proxy = new ProxyHandler(pools.get(rc.pool()), services.upstream(), tryTimeout,
                    services.ticker(), r);
            RouteSpec spec = new RouteSpec(rc.name(), rc.host(), rc.path(), rc.match() == Match.EXACT,
                    rc.methods(), rc.stripPrefix());
            routes.add(Map.entry(spec, FilterChain.build(chain, proxy)));
        }
        Handler noRoute = FilterChain.build(global,
                exchange -> CompletableFuture.completedFuture(ProxyErrors.of(404, "no_route", exchange)));
        return new Snapshot(config, Router.build(routes), noRoute, java.util.Collections.unmodifiableMap(pools),
                config.timeouts().request().toNanos(), accessLogs);
    }

    private static List<Filter> filters(List<FilterConfig> configs, Ticker ticker, AccessLogs accessLogs) {
        return configs.stream().map(c -> FilterFactory.create(c, ticker, accessLogs)).toList();
    }

    /**
     * Lets go of what this snapshot owns: closes its access-log sinks, writing what they have
     * queued. Call once no request uses the snapshot; requests that finish later lose their
     * access log line (counted as dropped). Idempotent.
     */
    @Override
    public void close() {
        accessLogs.close();
    }
}
