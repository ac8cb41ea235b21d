package io.flowstate.core.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the route for a request from its Host, method and request-target.
 *
 * <h2>Precedence</h2>
 *
 * Every route whose host, path and method all match the request is a candidate; the
 * candidate that comes first in this order wins:
 *
 * <ol>
 *   <li><b>Host.</b> Compared case-insensitively with the port removed (RFC 9110 4.2.3,
 *       7.2). An exact host beats a wildcard; a longer wildcard suffix beats a shorter
 *       one ({@code *.api.example.com} before {@code *.example.com}); {@code "*"} comes
 *       last. {@code *.example.com} matches {@code a.example.com} and
 *       {@code a.b.example.com}, not {@code example.com}. A request without Host matches
 *       only {@code "*"} routes.
 *   <li><b>Path.</b> Matched on the raw path (the target before {@code "?"}),
 *       case-sensitively, never decoded. An exact path beats a prefix; a longer prefix
 *       beats a shorter one. Prefixes match whole segments: {@code /api} matches
 *       {@code /api}, {@code /api/} and {@code /api/x}, not {@code /apix}; a prefix ending
 *       in {@code "/"} ({@code /api/}) matches every path starting with it; {@code "/"}
 *       matches every path. A target not starting with {@code "/"} (such as
 *       {@code "*"}) matches nothing.
 *   <li><b>Method.</b> A route listing the request's method beats a route accepting any
 *       method. Methods are case-sensitive (RFC 9110 9.1).
 *   <li><b>Config order.</b> The route given first wins the remaining ties.
 * </ol>
 *
 * A more specific host always wins, even over a more specific path: with routes
 * {@code api.example.com /} and {@code * /api}, {@code api.example.com/api/x} goes to the
 * first.
 *
 * <h2>Forward target</h2>
 *
 * See {@link RouteMatch#forwardTarget()}: with {@code stripPrefix}, {@code /api} on
 * {@code /api} forwards {@code /}, on {@code /api/x?q=1} forwards {@code /x?q=1}; prefix
 * {@code /api/} on {@code /api/x} forwards {@code /x}.
 *
 * <p>Built once per config snapshot; immutable and safe for any number of threads.
 * {@link #match} allocates nothing but its result when the Host value is already lower
 * case without a port, and one normalised host string otherwise.
 */
public final class Router<T> {

    /*
     * Routes are grouped by host pattern, and each group is sorted by the path, method and
     * order keys, so the first candidate in a group that matches path and method is that
     * group's best. Groups are tried from the most specific host down and the first group
     * with a match wins, which gives the same answer as sorting all matching routes by
     * the full precedence: every route of a more specific matching host tier outranks
     * every route of a less specific one. Exact hosts are one HashMap lookup; wildcard
     * groups, longest suffix first, are scanned (two different suffixes of one length
     * cannot both match a host, so suffix length orders them fully).
     */

    private final Map<String, List<Candidate<T>>> exactHosts;
    private final List<Wildcard<T>> wildcards;
    private final List<Candidate<T>> anyHost;

    private record Wildcard<T>(String suffix, List<Candidate<T>> candidates) {
        /** Whether {@code host} ends in {@code suffix} (".example.com") after one label or more. */
        boolean covers(String host) {
            return host.length() > suffix.length() && host.endsWith(suffix);
        }
    }

    private Router(Map<String, List<Candidate<T>>> exactHosts, List<Wildcard<T>> wildcards,
            List<Candidate<T>> anyHost) {
        this.exactHosts = exactHosts;
        this.wildcards = wildcards;
        this.anyHost = anyHost;
    }

    /**
     * Builds a router over these routes, in config order; each value is handed back in the
     * {@link RouteMatch} of its route. Neither the list nor any key may be null.
     */
    public static <T> Router<T> build(List<Map.Entry<RouteSpec, T>> routes) {
        Objects.requireNonNull(routes, "routes");
        List<Candidate<T>> all = new ArrayList<>(routes.size());
        for (int i = 0; i < routes.size(); i++) {
            Map.Entry<RouteSpec, T> e = Objects.requireNonNull(routes.get(i), "route entry");
            RouteSpec spec = e.getKey();
            if (spec == null) {
                throw new NullPointerException("routes[" + i + "] has no spec");
            }
            all.add(new Candidate<>(spec, e.getValue(), i));
        }
        all.sort(Candidate.PRECEDENCE);

        Map<String, List<Candidate<T>>> exact = new HashMap<>();
        Map<String, List<Candidate<T>>> wild = new LinkedHashMap<>();
        List<Candidate<T>> any = new ArrayList<>();
        for (Candidate<T> c : all) {
            if (c.host.equals("*")) {
                any.add(c);
            } else if (c.host.startsWith("*.")) {
                wild.computeIfAbsent(c.host.substring(1), k -> new ArrayList<>()).add(c);
            } else {
                exact.computeIfAbsent(c.host, k -> new ArrayList<>()).add(c);
            }
        }

        Map<String, List<Candidate<T>>> exactFrozen = new HashMap<>(exact.size() * 2);
        exact.forEach((host, list) -> exactFrozen.put(host, List.copyOf(list)));
        List<Wildcard<T>> wildcards = new ArrayList<>(wild.size());
        wild.forEach((suffix, list) -> wildcards.add(new Wildcard<>(suffix, List.copyOf(list))));
        wildcards.sort(Comparator.comparingInt((Wildcard<T> w) -> w.suffix().length()).reversed());
        return new Router<>(exactFrozen, List.copyOf(wildcards), List.copyOf(any));
    }

    /**
     * The route for a request, or null when none matches (the caller answers 404).
     *
     * @param host the Host field value as received: may carry {@code ":port"}, upper case,
     *     an {@code [IPv6]} literal; null when the request has none
     * @param method the request method as received
     * @param target the origin-form request-target as received ({@code /path?query})
     */
    public RouteMatch<T> match(String host, String method, String target) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        int q = target.indexOf('?');
        int pathEnd = q < 0 ? target.length() : q;
        // With every route on any host (the common config), the Host is not even looked at.
        String h = exactHosts.isEmpty() && wildcards.isEmpty() ? null : HostNames.ofField(host);
        if (h != null) {
            List<Candidate<T>> exact = exactHosts.get(h);
            if (exact != null) {
                RouteMatch<T> m = first(exact, method, target, pathEnd);
                if (m != null) {
                    return m;
                }
            }
            for (int i = 0; i < wildcards.size(); i++) {
                Wildcard<T> w = wildcards.get(i);
                if (w.covers(h)) {
                    RouteMatch<T> m = first(w.candidates(), method, target, pathEnd);
                    if (m != null) {
                        return m;
                    }
                }
            }
        }
        return first(anyHost, method, target, pathEnd);
    }

    private static <T> RouteMatch<T> first(List<Candidate<T>> candidates, String method,
            String target, int pathEnd) {
        for (int i = 0; i < candidates.size(); i++) {
            Candidate<T> c = candidates.get(i);
            if (c.matches(method, target, pathEnd)) {
                return c.toMatch(target);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Router[" + exactHosts.size() + " exact hosts, " + wildcards.size()
                + " wildcard suffixes, " + anyHost.size() + " routes for any host]";
    }
}
