package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code "routes"}: an ordered, non-empty array of route objects. */
final class RouteReader {
    private static final List<String> ROUTE_KEYS =
            List.of("name", "host", "path", "match", "methods", "pool", "stripPrefix", "filters", "retryNonIdempotent");

    private final Set<String> poolNames;
    private final Set<String> globalTypes;
    private final Problems problems;
    private final FilterReader filterReader;
    private final Map<String, Integer> names = new HashMap<>();

    /**
     * @param poolNames every pool the document declares, valid or not; null when {@code "pools"} is
     *                  missing or not an object, so that routes are not blamed for it
     * @param globalTypes the types of the global filters (what a route may disable); null when
     *                  those could not be read
     */
    RouteReader(Set<String> poolNames, Set<String> globalTypes, Problems problems, FilterReader filterReader) {
        this.poolNames = poolNames;
        this.globalTypes = globalTypes;
        this.problems = problems;
        this.filterReader = filterReader;
    }

    /** The routes, or null when any is wrong. */
    List<RouteConfig> read(JsonValue value, String path) {
        if (!(value instanceof JsonArray array)) {
            problems.at(value, path, Fields.wrongType("an array", value));
            return null;
        }
        if (array.size() == 0) {
            problems.at(array, path, "must list at least one route");
            return null;
        }
        int before = problems.count();
        List<RouteConfig> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(route(array.get(i), Paths.index(path, i), i));
        }
        return problems.count() == before ? out : null;
    }

    private RouteConfig route(JsonValue value, String path, int index) {
        Fields f = Fields.of(value, path, problems, ROUTE_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        String name = name(f, index);
        String host = host(f);
        String routePath = f.require("path") ? path(f) : null;
        Match match = match(f);
        Set<String> methods = methods(f);
        String pool = f.require("pool") ? pool(f) : null;
        Boolean strip = f.bool("stripPrefix");
        if (Boolean.TRUE.equals(strip) && match == Match.EXACT) {
            problems.at(f.get("stripPrefix"), f.path("stripPrefix"), "stripPrefix needs \"match\": \"prefix\"");
        }
        List<FilterConfig> filters = f.has("filters")
                ? filterReader.routeList(f.get("filters"), f.path("filters"), globalTypes) : List.of();
        Boolean retryAll = f.bool("retryNonIdempotent");
        if (problems.count() != before) {
            return null;
        }
        return new RouteConfig(name, host, routePath, match, methods, pool, Boolean.TRUE.equals(strip), filters,
                Boolean.TRUE.equals(retryAll));
    }

    private String name(Fields f, int index) {
        String name = f.has("name") ? f.string("name") : "route-" + index;
        JsonValue at = f.has("name") ? f.get("name") : f.object();
        if (name == null) {
            return null;
        }
        String problem = Names.check(name);
        if (problem != null) {
            problems.at(at, f.path("name"), "route name " + problem);
            return null;
        }
        Integer first = names.putIfAbsent(name, index);
        if (first != null) {
            problems.at(at, f.path("name"), "duplicate route name " + Json.quote(name) + " (also routes[" + first + "])");
            return null;
        }
        return name;
    }

    private String host(Fields f) {
        if (!f.has("host")) {
            return RouteConfig.ANY_HOST;
        }
        String host = f.string("host");
        if (host == null) {
            return null;
        }
        try {
            return Addresses.routeHost(host);
        } catch (IllegalArgumentException e) {
            problems.at(f.get("host"), f.path("host"), e.getMessage());
            return null;
        }
    }

    private String path(Fields f) {
        String p = f.string("path");
        if (p == null) {
            return null;
        }
        String problem = null;
        if (!p.startsWith("/")) {
            problem = "must start with \"/\"";
        } else if (p.indexOf('?') >= 0 || p.indexOf('#') >= 0) {
            problem = "must not contain a query or fragment";
        } else if (p.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            // RFC 9112 section 3.2: a request-target is visible ASCII; anything else arrives percent-encoded.
            problem = "must be visible ASCII without spaces; percent-encode other characters";
        }
        if (problem != null) {
            problems.at(f.get("path"), f.path("path"), problem);
            return null;
        }
        return p;
    }

    private Match match(Fields f) {
        if (!f.has("match")) {
            return Match.PREFIX;
        }
        String m = f.string("match");
        if (m == null) {
            return null;
        }
        return switch (m) {
            case "exact" -> Match.EXACT;
            case "prefix" -> Match.PREFIX;
            default -> {
                problems.at(f.get("match"), f.path("match"), "expected \"exact\" or \"prefix\", found " + Json.quote(m));
                yield null;
            }
        };
    }

    private Set<String> methods(Fields f) {
        Set<String> out = new LinkedHashSet<>();
        if (!f.has("methods")) {
            return out;
        }
        JsonArray array = f.array("methods");
        if (array == null) {
            return null;
        }
        if (array.size() == 0) {
            problems.at(array, f.path("methods"), "must not be empty; leave \"methods\" out to allow any method");
            return null;
        }
        for (int i = 0; i < array.size(); i++) {
            String at = Paths.index(f.path("methods"), i);
            String m = Fields.string(array.get(i), at, problems);
            if (m == null) {
                continue;
            }
            String problem = null;
            if (!Names.isToken(m)) {
                // RFC 9110 section 9.1: method = token.
                problem = "invalid method " + Json.quote(m) + "; expected an HTTP method token such as \"GET\"";
            } else if (!m.equals(m.toUpperCase(Locale.ROOT))) {
                // RFC 9110 section 9.1: methods are case-sensitive; every standard one is upper case.
                problem = "method " + Json.quote(m) + " must be upper case";
            } else if (!out.add(m)) {
                problem = "duplicate method " + Json.quote(m);
            }
            if (problem != null) {
                problems.at(array.get(i), at, problem);
            }
        }
        return out;
    }

    private String pool(Fields f) {
        String pool = f.string("pool");
        if (pool != null && poolNames != null && !poolNames.contains(pool)) {
            problems.at(f.get("pool"), f.path("pool"), "unknown pool " + Json.quote(pool));
            return null;
        }
        return pool;
    }
}
