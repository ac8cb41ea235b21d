package io.flowstate.core.route;

import java.util.Objects;
import java.util.Set;

/**
 * What a route matches: a host pattern, a path, and the methods it accepts.
 *
 * <ul>
 *   <li>{@code host}: {@code "*"} (any host, also a request without Host), an exact name
 *       ({@code "api.example.com"}, an IPv4 literal, or an IPv6 literal with or without
 *       brackets), or a wildcard {@code "*.example.com"}, which matches any name ending in
 *       {@code ".example.com"} with at least one label before it, but not
 *       {@code "example.com"} itself. Compared case-insensitively; never carries a port.
 *   <li>{@code path}: starts with {@code "/"} and holds no {@code "?"}; compared byte for
 *       byte with the raw, undecoded request path. {@code exact} chooses exact matching
 *       over segment-wise prefix matching (see {@link Router}).
 *   <li>{@code methods}: the methods accepted, compared case-sensitively (RFC 9110 9.1);
 *       empty means any method.
 *   <li>{@code stripPrefix}: forward the request with {@code path} removed from the front
 *       of its path.
 * </ul>
 *
 * <p>The constructor checks all of this and throws {@link IllegalArgumentException} naming
 * the route and the offending part; {@code methods} is copied into an unmodifiable set.
 */
public record RouteSpec(String name, String host, String path, boolean exact, Set<String> methods,
        boolean stripPrefix) {

    public RouteSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(methods, "methods");
        checkHost(name, host);
        if (!path.startsWith("/")) {
            throw invalid(name, "path \"" + path + "\" must start with \"/\"");
        }
        if (path.indexOf('?') >= 0) {
            throw invalid(name, "path \"" + path + "\" must not contain \"?\"");
        }
        for (String m : methods) {
            if (m == null || m.isEmpty()) {
                throw invalid(name, "methods must not hold a null or empty method");
            }
        }
        methods = Set.copyOf(methods);
    }

    private static void checkHost(String name, String host) {
        if (host.isEmpty()) {
            throw invalid(name, "host must not be empty");
        }
        if (host.equals("*")) {
            return;
        }
        int star = host.indexOf('*');
        if (star > 0 || (star == 0 && (!host.startsWith("*.") || host.length() == 2))) {
            throw invalid(name, "host \"" + host
                    + "\": a wildcard is \"*\" or \"*.\" followed by a domain");
        }
        if (host.indexOf('*', 1) >= 0) {
            throw invalid(name, "host \"" + host + "\": \"*\" is allowed only as the first label");
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw invalid(name, "host \"" + host
                        + "\": an IPv6 literal must end with \"]\" and carry no port");
            }
            return;
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && colon == host.lastIndexOf(':')) {
            throw invalid(name, "host \"" + host + "\" must not carry a port");
        }
    }

    private static IllegalArgumentException invalid(String name, String message) {
        return new IllegalArgumentException("route \"" + name + "\": " + message);
    }
}
