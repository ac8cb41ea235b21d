package io.flowstate.core.proxy;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.config.FilterConfig;
import io.flowstate.core.config.Match;
import io.flowstate.core.config.PoolConfig;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.config.RouteConfig;
import io.flowstate.core.filter.FilterChain;
import io.flowstate.core.filter.FilterFactory;
import io.flowstate.core.pool.BalancerFactory;
import io.flowstate.core.pool.Balancers;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.route.RouteSpec;
import io.flowstate.core.route.Router;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.time.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One config, compiled: the router, each route's whole filter chain ending in its proxy
 * handler, and the pools. Built once per config and never changed; the gateway swaps
 * whole snapshots.
 *
 * <p>Filter precedence: global filters (in the order listed) wrap the route's filters (in
 * the order listed), which wrap the proxy handler. Requests that match no route still
 * pass through the global filters, then get 404. Each filter entry is built once: the global
 * ones are shared by every route and by the 404 handler, so a filter that counts
 * ({@code rateLimit}, {@code maxConcurrent}) counts their requests together; a route's own
 * filters count its own.
 */
public record Snapshot(ProxyConfig config, Router<Handler> router, Handler noRoute, Map<String, Pool> pools,
                       long requestTimeoutNanos) {

    public static Snapshot compile(ProxyConfig config, Upstream upstream, Ticker ticker) {
        Map<String, Pool> pools = new LinkedHashMap<>();
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
            pools.put(pc.name(), new Pool(pc.name(), endpoints, factory.create(bc), ThreadLocalRandom::current, ticker));
        }

        List<Filter> global = filters(config.filters(), ticker);
        long headerTimeout = config.timeouts().responseHeader().toNanos();
        List<Map.Entry<RouteSpec, Handler>> routes = new ArrayList<>();
        for (RouteConfig rc : config.routes()) {
            List<Filter> chain = new ArrayList<>(global);
            chain.addAll(filters(rc.filters(), ticker));
            Handler proxy = new ProxyHandler(pools.get(rc.pool()), upstream, headerTimeout, ticker);
            RouteSpec spec = new RouteSpec(rc.name(), rc.host(), rc.path(), rc.match() == Match.EXACT,
                    rc.methods(), rc.stripPrefix());
            routes.add(Map.entry(spec, FilterChain.build(chain, proxy)));
        }
        Handler noRoute = FilterChain.build(global,
                exchange -> CompletableFuture.completedFuture(ProxyErrors.of(404, "no_route", exchange)));
        return new Snapshot(config, Router.build(routes), noRoute, Map.copyOf(pools),
                config.timeouts().request().toNanos());
    }

    private static List<Filter> filters(List<FilterConfig> configs, Ticker ticker) {
        return configs.stream().map(c -> FilterFactory.create(c, ticker)).toList();
    }
}
