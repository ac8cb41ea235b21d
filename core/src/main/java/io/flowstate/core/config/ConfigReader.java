package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed document into a {@link ProxyConfig}, checking every rule and recording every
 * problem (it does not stop at the first). One instance reads one document.
 */
final class ConfigReader {
    private static final List<String> ROOT_KEYS =
            List.of("listen", "admin", "engine", "timeouts", "transport", "limits", "pools", "routes", "filters");
    private static final List<String> TIMEOUT_KEYS = List.of("connect", "responseHeader", "request", "idle", "drain",
            "drainGrace");
    private static final List<String> TRANSPORT_KEYS = List.of("keepAlive", "maxIdlePerBackend", "eventLoops");
    private static final List<String> LIMIT_KEYS = List.of("maxHeaderBytes", "maxBodyBytes", "maxConnections");

    private final Set<String> engines;
    private final Set<String> balancers;
    private final Problems problems = new Problems();
    private final FilterReader filterReader;
    private final Path baseDir;

    /** @param baseDir what relative file paths in the document (a token file) are resolved against */
    ConfigReader(Set<String> engines, Set<String> balancers, Path baseDir) {
        this.engines = engines;
        this.balancers = balancers;
        this.filterReader = new FilterReader(problems, baseDir);
        this.baseDir = baseDir;
    }

    Problems problems() {
        return problems;
    }

    /** The config, or null when {@link #problems()} holds at least one problem. */
    ProxyConfig read(JsonValue document) {
        Fields root = Fields.of(document, "", problems, ROOT_KEYS);
        AdminConfig admin = root != null && root.has("admin")
                ? new AdminReader(problems, baseDir).read(root.get("admin"), "admin") : null;
        if (root == null) {
            return null;
        }
        InetSocketAddress listen = root.require("listen") ? listen(root) : null;
        String engine = engine(root);
        Timeouts timeouts = root.has("timeouts") ? timeouts(root.get("timeouts")) : Timeouts.DEFAULTS;
        Transport transport = root.has("transport") ? transport(root.get("transport")) : Transport.DEFAULTS;
        Limits limits = root.has("limits") ? limits(root.get("limits")) : Limits.DEFAULTS;
        Map<String, PoolConfig> pools = Map.of();
        Set<String> poolNames = null;
        if (root.require("pools")) {
            pools = new PoolReader(balancers, problems).read(root.get("pools"), "pools");
            if (root.get("pools") instanceof JsonObject o) {
                poolNames = o.members().keySet();
            }
        }
        List<FilterConfig> filters = root.has("filters")
                ? filterReader.list(root.get("filters"), "filters") : List.of();
        Set<String> globalTypes = filters == null ? null
                : filters.stream().map(FilterConfig::type).collect(java.util.stream.Collectors.toSet());
        List<RouteConfig> routes = root.require("routes")
                ? new RouteReader(poolNames, globalTypes, problems, filterReader).read(root.get("routes"), "routes")
                : null;
        if (routes != null && filters != null) {
            AccessLogTargets.check(filters, routes, problems);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new ProxyConfig(listen, engine, timeouts, transport, limits, pools, routes, filters, admin, document);
    }

    private InetSocketAddress listen(Fields root) {
        String s = root.string("listen");
        if (s == null) {
            return null;
        }
        try {
            return Addresses.resolve(Addresses.hostPort(s, 0));
        } catch (IllegalArgumentException e) {
            problems.at(root.get("listen"), "listen", e.getMessage());
            return null;
        }
    }

    private String engine(Fields root) {
        String engine = root.has("engine") ? root.string("engine") : ProxyConfig.DEFAULT_ENGINE;
        if (engine != null && !engines.contains(engine)) {
            JsonValue at = root.has("engine") ? root.get("engine") : root.object();
            String message = root.has("engine") ? "unknown engine " + Json.quote(engine)
                    : "the default engine " + Json.quote(engine) + " is not available";
            problems.at(at, "engine", message + "; available: " + Names.list(engines));
            return null;
        }
        return engine;
    }

    private Timeouts timeouts(JsonValue value) {
        Fields f = Fields.of(value, "timeouts", problems, TIMEOUT_KEYS);
        if (f == null) {
            return null;
        }
        Timeouts d = Timeouts.DEFAULTS;
        Duration connect = or(f, "connect", d.connect());
        Duration responseHeader = or(f, "responseHeader", d.responseHeader());
        Duration request = or(f, "request", d.request());
        Duration idle = or(f, "idle", d.idle());
        Duration drain = or(f, "drain", d.drain());
        Duration drainGrace = f.has("drainGrace") ? f.duration("drainGrace") : d.drainGrace();
        if (connect == null || responseHeader == null || request == null || idle == null || drain == null
                || drainGrace == null) {
            return null;
        }
        return new Timeouts(connect, responseHeader, request, idle, drain, drainGrace);
    }

    private static Duration or(Fields f, String key, Duration fallback) {
        return f.has(key) ? f.positiveDuration(key) : fallback;
    }

    private Transport transport(JsonValue value) {
        Fields f = Fields.of(value, "transport", problems, TRANSPORT_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        Boolean keepAlive = f.bool("keepAlive");
        Long maxIdle = f.integer("maxIdlePerBackend", 0, Transport.MAX_IDLE_PER_BACKEND,
                "between 0 and " + Transport.MAX_IDLE_PER_BACKEND);
        Long loops = f.integer("eventLoops", 0, Transport.MAX_EVENT_LOOPS,
                "between 0 (one per CPU) and " + Transport.MAX_EVENT_LOOPS);
        if (problems.count() != before) {
            return null;
        }
        return new Transport(keepAlive == null ? Transport.DEFAULTS.keepAlive() : keepAlive,
                maxIdle == null ? Transport.DEFAULT_MAX_IDLE_PER_BACKEND : maxIdle.intValue(),
                loops == null ? Transport.EVENT_LOOPS_PER_CPU : loops.intValue());
    }

    private Limits limits(JsonValue value) {
        Fields f = Fields.of(value, "limits", problems, LIMIT_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        Long header = f.integer("maxHeaderBytes", Limits.MIN_HEADER_BYTES, Limits.MAX_HEADER_BYTES,
                "between " + Limits.MIN_HEADER_BYTES + " and " + Limits.MAX_HEADER_BYTES);
        Long body = f.integer("maxBodyBytes", Limits.NO_BODY_LIMIT, Long.MAX_VALUE, "-1 (no limit) or at least 0");
        Long connections = f.integer("maxConnections", 1, Limits.MAX_CONNECTIONS,
                "between 1 and " + Limits.MAX_CONNECTIONS);
        if (problems.count() != before) {
            return null;
        }
        return new Limits(header == null ? Limits.DEFAULT_MAX_HEADER_BYTES : header.intValue(),
                body == null ? Limits.DEFAULT_MAX_BODY_BYTES : body,
                connections == null ? Limits.DEFAULT_MAX_CONNECTIONS : connections.intValue());
    }
}
