package io.flowstate.core.route;

import java.util.Comparator;
import java.util.Set;

/**
 * One route compiled for matching: its path and method tests, its forward-target rewrite,
 * and its place in the precedence order among routes of the same host pattern.
 */
final class Candidate<T> {

    /**
     * Precedence among routes of one host pattern, most specific first: exact path before
     * prefix, longer path before shorter, listed methods before any method, then config
     * order.
     */
    static final Comparator<Candidate<?>> PRECEDENCE = Comparator
            .comparing((Candidate<?> c) -> !c.exact)
            .thenComparing(c -> -c.path.length())
            .thenComparing(c -> c.methods.isEmpty())
            .thenComparingInt(c -> c.order);

    final RouteSpec spec;
    final T value;
    final String host;
    final int order;
    private final String path;
    private final boolean exact;
    private final boolean endsWithSlash;
    private final Set<String> methods;

    Candidate(RouteSpec spec, T value, int order) {
        this.spec = spec;
        this.value = value;
        this.host = HostNames.ofPattern(spec.host());
        this.order = order;
        this.path = spec.path();
        this.exact = spec.exact();
        this.endsWithSlash = path.endsWith("/");
        this.methods = spec.methods();
    }

    /**
     * Whether this route takes the method and the path {@code target[0, pathEnd)}. The path
     * is compared raw and case-sensitively, never decoded (RFC 3986 2.2: decoding could
     * turn {@code %2F} into a separator the backend did not see).
     */
    boolean matches(String method, String target, int pathEnd) {
        return matchesPath(target, pathEnd) && (methods.isEmpty() || methods.contains(method));
    }

    private boolean matchesPath(String target, int pathEnd) {
        int n = path.length();
        if (pathEnd < n || !target.startsWith(path)) {
            return false;
        }
        if (exact) {
            return pathEnd == n;
        }
        // Segment-wise prefix: "/api" takes "/api" and "/api/..." but not "/apix".
        return endsWithSlash || pathEnd == n || target.charAt(n) == '/';
    }

    /** The match for {@code target}, which {@link #matches} accepted. */
    RouteMatch<T> toMatch(String target) {
        return new RouteMatch<>(spec, value, spec.stripPrefix() ? strip(target) : target);
    }

    /** {@code target} without this route's path in front; the query stays byte for byte. */
    private String strip(String target) {
        int n = path.length();
        if (endsWithSlash) {
            // Keep the prefix's own trailing "/" as the new leading one.
            return n == 1 ? target : target.substring(n - 1);
        }
        if (n == target.length()) {
            return "/";
        }
        return target.charAt(n) == '/' ? target.substring(n) : "/" + target.substring(n);
    }
}
