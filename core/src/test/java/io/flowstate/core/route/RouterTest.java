package io.flowstate.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    /** Routes under construction; each route's value is its name. */
    private final List<Map.Entry<RouteSpec, String>> routes = new ArrayList<>();

    private RouterTest prefix(String name, String host, String path, String... methods) {
        routes.add(Map.entry(new RouteSpec(name, host, path, false, Set.of(methods), false), name));
        return this;
    }

    private RouterTest exact(String name, String host, String path, String... methods) {
        routes.add(Map.entry(new RouteSpec(name, host, path, true, Set.of(methods), false), name));
        return this;
    }

    private RouterTest strip(String name, String host, String path) {
        routes.add(Map.entry(new RouteSpec(name, host, path, false, Set.of(), true), name));
        return this;
    }

    /** The name of the route chosen, or null. */
    private String route(String host, String method, String target) {
        RouteMatch<String> m = Router.build(routes).match(host, method, target);
        return m == null ? null : m.value();
    }

    private String forward(String target) {
        return Router.build(routes).match("example.com", "GET", target).forwardTarget();
    }

    // --- host -------------------------------------------------------------------------

    @Test
    void exactHostBeatsWildcardAndAny() {
        prefix("any", "*", "/").prefix("wild", "*.example.com", "/")
                .prefix("exact", "a.example.com", "/");
        assertEquals("exact", route("a.example.com", "GET", "/"));
        assertEquals("wild", route("b.example.com", "GET", "/"));
        assertEquals("any", route("other.org", "GET", "/"));
    }

    @Test
    void longerWildcardSuffixBeatsShorter() {
        prefix("short", "*.example.com", "/").prefix("long", "*.api.example.com", "/");
        assertEquals("long", route("v1.api.example.com", "GET", "/"));
        assertEquals("short", route("api.example.com", "GET", "/"));
        assertEquals("short", route("web.example.com", "GET", "/"));
    }

    @Test
    void wildcardNeedsAtLeastOneLabelAndADotBoundary() {
        prefix("wild", "*.example.com", "/");
        assertEquals("wild", route("a.example.com", "GET", "/"));
        assertEquals("wild", route("a.b.example.com", "GET", "/"));
        assertNull(route("example.com", "GET", "/"));
        assertNull(route("badexample.com", "GET", "/"));
        assertNull(route(".example.com", "GET", "/"));
        assertNull(route("example.com.evil.org", "GET", "/"));
    }

    @Test
    void hostIsCaseInsensitiveAndPortIsIgnored() {
        prefix("exact", "Api.Example.com", "/").prefix("wild", "*.example.COM", "/");
        assertEquals("exact", route("API.EXAMPLE.COM:8080", "GET", "/"));
        assertEquals("exact", route("api.example.com", "GET", "/"));
        assertEquals("exact", route("api.example.com.", "GET", "/"));
        assertEquals("wild", route("WWW.Example.Com:443", "GET", "/"));
    }

    @Test
    void ipv6LiteralHostWithPort() {
        prefix("v6", "[::1]", "/").prefix("bare", "2001:db8::1", "/")
                .prefix("v4", "127.0.0.1", "/");
        assertEquals("v6", route("[::1]:8080", "GET", "/"));
        assertEquals("v6", route("[::1]", "GET", "/"));
        assertEquals("bare", route("[2001:DB8::1]:80", "GET", "/"));
        assertEquals("v4", route("127.0.0.1:8080", "GET", "/"));
        assertNull(route("[::2]:8080", "GET", "/"));
    }

    @Test
    void missingHostMatchesOnlyAnyHostRoutes() {
        prefix("exact", "example.com", "/");
        assertNull(route(null, "GET", "/"));
        assertNull(route("", "GET", "/"));
        prefix("any", "*", "/");
        assertEquals("any", route(null, "GET", "/"));
    }

    @Test
    void moreSpecificHostWinsOverMoreSpecificPath() {
        prefix("anyApi", "*", "/api", "GET").prefix("exactRoot", "example.com", "/");
        assertEquals("exactRoot", route("example.com", "GET", "/api/x"));
        assertEquals("anyApi", route("other.org", "GET", "/api/x"));
    }

    @Test
    void hostThatMatchesNoPathFallsThroughToLessSpecificHost() {
        prefix("exact", "example.com", "/admin").prefix("wild", "*.com", "/api")
                .prefix("any", "*", "/");
        assertEquals("exact", route("example.com", "GET", "/admin"));
        assertEquals("wild", route("example.com", "GET", "/api"));
        assertEquals("any", route("example.com", "GET", "/other"));
    }

    // --- path -------------------------------------------------------------------------

    @Test
    void exactPathBeatsPrefix() {
        prefix("prefix", "*", "/api/v1/users").exact("exact", "*", "/api");
        assertEquals("exact", route("h", "GET", "/api"));
        assertEquals("exact", route("h", "GET", "/api?x=1"));
        assertEquals("prefix", route("h", "GET", "/api/v1/users/7"));
        assertNull(route("h", "GET", "/api/"));
    }

    @Test
    void longerPrefixBeatsShorter() {
        prefix("root", "*", "/").prefix("api", "*", "/api").prefix("v1", "*", "/api/v1");
        assertEquals("v1", route("h", "GET", "/api/v1/x"));
        assertEquals("v1", route("h", "GET", "/api/v1"));
        assertEquals("api", route("h", "GET", "/api/v2"));
        assertEquals("api", route("h", "GET", "/api"));
        assertEquals("root", route("h", "GET", "/apix"));
        assertEquals("root", route("h", "GET", "/"));
    }

    @Test
    void prefixMatchesWholeSegments() {
        prefix("api", "*", "/api");
        assertEquals("api", route("h", "GET", "/api"));
        assertEquals("api", route("h", "GET", "/api/"));
        assertEquals("api", route("h", "GET", "/api/x"));
        assertEquals("api", route("h", "GET", "/api?q=1"));
        assertNull(route("h", "GET", "/apix"));
        assertNull(route("h", "GET", "/ap"));
        assertNull(route("h", "GET", "/x?r=/api"));
    }

    @Test
    void prefixEndingInSlashMatchesAnythingStartingWithIt() {
        prefix("api", "*", "/api/");
        assertEquals("api", route("h", "GET", "/api/"));
        assertEquals("api", route("h", "GET", "/api/x"));
        assertEquals("api", route("h", "GET", "/api//x"));
        assertNull(route("h", "GET", "/api"));
        assertNull(route("h", "GET", "/apix"));
    }

    @Test
    void rootPrefixMatchesEveryOriginFormTarget() {
        prefix("root", "*", "/");
        assertEquals("root", route("h", "GET", "/"));
        assertEquals("root", route("h", "GET", "/a/b/c?d"));
        assertEquals("root", route("h", "GET", "/?"));
        assertNull(route("h", "OPTIONS", "*"));
    }

    @Test
    void pathIsRawAndCaseSensitive() {
        prefix("api", "*", "/api").prefix("encoded", "*", "/a%2Fb");
        assertNull(route("h", "GET", "/API"));
        assertNull(route("h", "GET", "/%61pi"));
        assertEquals("encoded", route("h", "GET", "/a%2Fb"));
        assertNull(route("h", "GET", "/a/b"));
    }

    // --- methods and order ----------------------------------------------------------

    @Test
    void listedMethodBeatsAnyMethod() {
        prefix("any", "*", "/api").prefix("post", "*", "/api", "POST", "PUT");
        assertEquals("post", route("h", "POST", "/api"));
        assertEquals("post", route("h", "PUT", "/api"));
        assertEquals("any", route("h", "GET", "/api"));
    }

    @Test
    void methodsAreCaseSensitive() {
        prefix("get", "*", "/", "GET");
        assertEquals("get", route("h", "GET", "/"));
        assertNull(route("h", "get", "/"));
    }

    @Test
    void configOrderBreaksTies() {
        prefix("first", "*", "/api", "GET").prefix("second", "*", "/api", "GET");
        assertEquals("first", route("h", "GET", "/api"));
        routes.clear();
        prefix("second", "*", "/api", "GET").prefix("first", "*", "/api", "GET");
        assertEquals("second", route("h", "GET", "/api"));
    }

    @Test
    void noMatchIsNull() {
        prefix("api", "example.com", "/api", "GET");
        assertNull(route("example.com", "POST", "/api"));
        assertNull(route("example.com", "GET", "/web"));
        assertNull(route("example.org", "GET", "/api"));
        routes.clear();
        assertNull(route("example.com", "GET", "/"));
    }

    // --- forward target ---------------------------------------------------------------

    @Test
    void stripPrefixWithoutTrailingSlash() {
        strip("api", "*", "/api");
        assertEquals("/", forward("/api"));
        assertEquals("/", forward("/api/"));
        assertEquals("/x?q=1", forward("/api/x?q=1"));
        assertEquals("/?q=1", forward("/api?q=1"));
        assertEquals("/x/y", forward("/api/x/y"));
    }

    @Test
    void stripPrefixWithTrailingSlash() {
        strip("api", "*", "/api/");
        assertEquals("/x", forward("/api/x"));
        assertEquals("/", forward("/api/"));
        assertEquals("/?a=%2F&b", forward("/api/?a=%2F&b"));
    }

    @Test
    void stripRootPrefixKeepsTarget() {
        strip("root", "*", "/");
        assertEquals("/a?b", forward("/a?b"));
    }

    @Test
    void stripExactPathLeavesRoot() {
        routes.add(Map.entry(new RouteSpec("e", "*", "/health", true, Set.of(), true), "e"));
        assertEquals("/?verbose", forward("/health?verbose"));
    }

    @Test
    void queryIsKeptByteExact() {
        strip("api", "*", "/api");
        assertEquals("/x?a=%20b&c=/api?d#", forward("/api/x?a=%20b&c=/api?d#"));
    }

    @Test
    void withoutStripTheTargetIsTheSameString() {
        prefix("api", "*", "/api");
        String target = new String("/api/x?q=1");
        assertSame(target, Router.build(routes).match("h", "GET", target).forwardTarget());
    }

    @Test
    void matchCarriesSpecAndValue() {
        prefix("api", "*", "/api");
        RouteMatch<String> m = Router.build(routes).match("h", "GET", "/api");
        assertSame(routes.get(0).getKey(), m.spec());
        assertEquals("api", m.value());
    }

    // --- specs ------------------------------------------------------------------------

    @Test
    void invalidSpecsAreRejectedNamingTheRoute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RouteSpec("r1", "*", "api", false, Set.of(), false));
        assertEquals("route \"r1\": path \"api\" must start with \"/\"", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RouteSpec("r", "*", "/a?b", false, Set.of(), false));
        for (String host : List.of("", "*.", "a.*.com", "*example.com", "*.a*.com",
                "example.com:80", "[::1]:80", "**")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new RouteSpec("r", host, "/", false, Set.of(), false), host);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new RouteSpec("r", "*", "/", false, Set.of(""), false));
    }

    @Test
    void methodsAreCopied() {
        Set<String> methods = new java.util.HashSet<>(Set.of("GET"));
        RouteSpec spec = new RouteSpec("r", "*", "/", false, methods, false);
        methods.add("POST");
        assertEquals(Set.of("GET"), spec.methods());
    }
}
