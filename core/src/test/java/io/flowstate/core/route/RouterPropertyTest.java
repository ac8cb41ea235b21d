package io.flowstate.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Route matching against a brute-force reference: every route is checked by plain string
 * code and ranked by the documented precedence, with no grouping or sorting.
 */
class RouterPropertyTest {

    /** A request: Host value (or null), method and target. */
    record Req(String host, String method, String target) {
    }

    // Small pools so that overlapping routes, ties and near misses are common.
    private static final List<String> ROUTE_HOSTS = List.of("*", "example.com", "a.example.com",
            "*.example.com", "*.a.example.com", "*.com", "other.org", "[::1]", "Example.COM");
    private static final List<String> ROUTE_PATHS = List.of("/", "/api", "/api/", "/api/v1",
            "/apix", "/a", "/a/b", "/A");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT");
    private static final List<String> REQUEST_HOSTS = List.of("example.com", "EXAMPLE.com:8080",
            "a.example.com", "b.a.example.com", "x.other.org", "other.org", "[::1]:80", "com",
            "badexample.com", "A.Example.Com.");
    private static final List<String> SUFFIXES = List.of("", "/", "/x", "x", "?q=1", "/x?y=/api",
            "?", "/v1/z?a=b?c");

    @Provide
    Arbitrary<List<Map.Entry<RouteSpec, Integer>>> routes() {
        Arbitrary<RouteSpec> spec = Combinators.combine(
                Arbitraries.of(ROUTE_HOSTS),
                Arbitraries.of(ROUTE_PATHS),
                Arbitraries.of(true, false),
                Arbitraries.subsetOf(METHODS),
                Arbitraries.of(true, false))
                .as((host, path, exact, methods, strip) ->
                        new RouteSpec("r", host, path, exact, methods, strip));
        return spec.list().ofMinSize(0).ofMaxSize(12).map(specs -> {
            List<Map.Entry<RouteSpec, Integer>> out = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                out.add(Map.entry(specs.get(i), i));
            }
            return out;
        });
    }

    @Provide
    Arbitrary<Req> requests() {
        return Combinators.combine(
                Arbitraries.of(REQUEST_HOSTS).injectNull(0.1),
                Arbitraries.of("GET", "POST", "DELETE"),
                Arbitraries.of(ROUTE_PATHS),
                Arbitraries.of(SUFFIXES))
                .as((host, method, path, suffix) -> new Req(host, method, path + suffix));
    }

    @Property(tries = 2000)
    void chosenRouteMatchesAndNoMatchingRouteOutranksIt(
            @ForAll("routes") List<Map.Entry<RouteSpec, Integer>> routes,
            @ForAll("requests") Req req) {
        RouteMatch<Integer> m = Router.build(routes).match(req.host(), req.method(), req.target());
        Integer expected = Reference.best(routes, req);
        if (expected == null) {
            assertNull(m, "no route matches, yet the router chose one");
            return;
        }
        assertNotNull(m, () -> "route " + expected + " matches, yet the router chose none");
        int chosen = m.value();
        RouteSpec spec = routes.get(chosen).getKey();
        assertSame(spec, m.spec());
        // (a) the chosen route really matches host, method and path
        assertTrue(Reference.hostMatches(spec.host(), req.host()), "host");
        assertTrue(Reference.methodMatches(spec, req.method()), "method");
        assertTrue(Reference.pathMatches(spec, req.target()), "path");
        // (b) no matching route has strictly higher precedence
        for (int i = 0; i < routes.size(); i++) {
            RouteSpec other = routes.get(i).getKey();
            if (Reference.matches(other, req)) {
                assertTrue(Reference.compare(other, i, spec, chosen) >= 0,
                        () -> other + " outranks the chosen " + spec);
            }
        }
        assertEquals(expected, m.value());
    }

    @Property(tries = 1000)
    void forwardTargetKeepsTheQueryAndStartsWithSlash(
            @ForAll("routes") List<Map.Entry<RouteSpec, Integer>> routes,
            @ForAll("requests") Req req) {
        RouteMatch<Integer> m = Router.build(routes).match(req.host(), req.method(), req.target());
        if (m == null) {
            return;
        }
        String target = req.target();
        if (!m.spec().stripPrefix()) {
            assertSame(target, m.forwardTarget());
            return;
        }
        int q = target.indexOf('?');
        String query = q < 0 ? "" : target.substring(q);
        String path = q < 0 ? target : target.substring(0, q);
        String forward = m.forwardTarget();
        // (c) starts with "/", ends with the original query
        assertTrue(forward.startsWith("/"), forward);
        assertTrue(forward.endsWith(query), forward);
        // and the forwarded path is the original path with exactly the prefix taken off
        String forwardPath = forward.substring(0, forward.length() - query.length());
        String prefix = m.spec().path();
        String rest = path.substring(prefix.length());
        String expectedPath = prefix.endsWith("/") ? "/" + rest : (rest.isEmpty() ? "/" : rest);
        assertEquals(expectedPath, forwardPath);
    }

    /** The precedence rules written out as plainly as possible. */
    static final class Reference {

        static Integer best(List<Map.Entry<RouteSpec, Integer>> routes, Req req) {
            Integer best = null;
            for (int i = 0; i < routes.size(); i++) {
                RouteSpec s = routes.get(i).getKey();
                if (matches(s, req)
                        && (best == null || compare(s, i, routes.get(best).getKey(), best) < 0)) {
                    best = i;
                }
            }
            return best;
        }

        static boolean matches(RouteSpec s, Req req) {
            return hostMatches(s.host(), req.host()) && pathMatches(s, req.target())
                    && methodMatches(s, req.method());
        }

        /** Negative when route a (at config index ia) outranks route b. */
        static int compare(RouteSpec a, int ia, RouteSpec b, int ib) {
            int c = Integer.compare(hostRank(b.host()), hostRank(a.host()));
            if (c == 0) {
                c = Boolean.compare(b.exact(), a.exact());
            }
            if (c == 0) {
                c = Integer.compare(b.path().length(), a.path().length());
            }
            if (c == 0) {
                c = Boolean.compare(!b.methods().isEmpty(), !a.methods().isEmpty());
            }
            return c != 0 ? c : Integer.compare(ia, ib);
        }

        static int hostRank(String pattern) {
            if (pattern.equals("*")) {
                return -1;
            }
            return pattern.startsWith("*.") ? pattern.length() - 1 : Integer.MAX_VALUE;
        }

        static boolean hostMatches(String pattern, String hostField) {
            if (pattern.equals("*")) {
                return true;
            }
            if (hostField == null) {
                return false;
            }
            String host = hostField.toLowerCase(Locale.ROOT);
            if (host.startsWith("[")) {
                host = host.substring(0, host.indexOf(']') + 1);
            } else {
                host = host.split(":", -1)[0];
                if (host.endsWith(".")) {
                    host = host.substring(0, host.length() - 1);
                }
            }
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.startsWith("*.")) {
                String domain = p.substring(2);
                return host.endsWith("." + domain) && host.length() > domain.length() + 1;
            }
            return host.equals(p);
        }

        static boolean pathMatches(RouteSpec s, String target) {
            String path = target.split("\\?", -1)[0];
            String p = s.path();
            if (s.exact()) {
                return path.equals(p);
            }
            if (p.endsWith("/")) {
                return path.startsWith(p);
            }
            return path.equals(p) || path.startsWith(p + "/");
        }

        static boolean methodMatches(RouteSpec s, String method) {
            return s.methods().isEmpty() || new HashSet<>(s.methods()).contains(method);
        }
    }
}
