package io.flowstate.core.config;

import io.flowstate.core.json.JsonValue;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One whole, validated proxy configuration; immutable. Built by {@link ConfigLoader}; a reload
 * builds a new one. See {@code docs/config.md} for the JSON form.
 *
 * @param listen    where clients connect (JSON {@code "host:port"}, required)
 * @param engine    the engine's name; default {@value #DEFAULT_ENGINE}
 * @param timeouts  default {@link Timeouts#DEFAULTS}
 * @param transport default {@link Transport#DEFAULTS}
 * @param limits    default {@link Limits#DEFAULTS}
 * @param pools     pool name to pool, in written order; unmodifiable
 * @param routes    at least one, tried in order; unmodifiable
 * @param filters   global filters, run for every route before the route's own; unmodifiable
 * @param admin     the admin listener, or null for none (the default)
 * @param document  the JSON this config was read from, for {@code GET /admin/config}; null when
 *                  the config was built in code
 */
public record ProxyConfig(InetSocketAddress listen, String engine, Timeouts timeouts, Transport transport,
                          Limits limits, Map<String, PoolConfig> pools, List<RouteConfig> routes,
                          List<FilterConfig> filters, AdminConfig admin, JsonValue document) {

    public static final String DEFAULT_ENGINE = "jdk";

    /** A config built in code: no admin listener, no source document. */
    public ProxyConfig(InetSocketAddress listen, String engine, Timeouts timeouts, Transport transport,
                       Limits limits, Map<String, PoolConfig> pools, List<RouteConfig> routes,
                       List<FilterConfig> filters) {
        this(listen, engine, timeouts, transport, limits, pools, routes, filters, null, null);
    }

    public ProxyConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(limits, "limits");
        pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        routes = List.copyOf(routes);
        filters = List.copyOf(filters);
        for (RouteConfig r : routes) {
            if (!pools.containsKey(r.pool())) {
                throw new IllegalArgumentException("route " + r.name() + " names unknown pool " + r.pool());
            }
        }
    }

    /** This config with another engine (the command line's {@code --engine} over the file's). */
    public ProxyConfig withEngine(String name) {
        return new ProxyConfig(listen, name, timeouts, transport, limits, pools, routes, filters, admin, document);
    }

    /** Without the source document, which may hold secrets (tokens): configs end up in logs. */
    @Override
    public String toString() {
        return "ProxyConfig[listen=" + listen + ", engine=" + engine + ", timeouts=" + timeouts + ", transport="
                + transport + ", limits=" + limits + ", pools=" + pools + ", routes=" + routes + ", filters="
                + filters + ", admin=" + admin + "]";
    }
}
