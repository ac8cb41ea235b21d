package io.flowstate.core.filter;

import io.flowstate.core.config.FilterConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How a route's filters combine with the global filters into the route's chain. Applied
 * once per route when a config snapshot is compiled, never per request.
 *
 * <p>Walk the global filters in order. A global filter whose type the route names neither
 * in a filter nor in a {@code disabled} entry stays, shared with every other route. At the
 * first global filter of a type the route names, the route's filters of that type take its
 * place, in the route's order; the global filters of that type, all of them, are left out of
 * this route (so a {@code disabled} entry, which contributes no filter, just removes them).
 * The route's filters of types no global filter has then follow, in the route's order.
 *
 * <pre>
 * global: requestId, accessLog, rateLimit(100/s), auth(A)
 * route:  auth(B), rateLimit(5/s), maxConcurrent, {"type": "accessLog", "disabled": true}
 * chain:  requestId, rateLimit(5/s), auth(B), maxConcurrent
 * </pre>
 *
 * <p>A replacing filter is the route's own: it is built for the route and keeps its own
 * state (a replaced {@code rateLimit} counts that route's requests alone).
 */
public final class FilterPrecedence {
    private FilterPrecedence() {
    }

    /**
     * The chain of one route, outermost first.
     *
     * @param global      the global entries, as configured
     * @param globalBuilt what each global entry was built into (the same order and size); reused
     * @param route       the route's entries, its disabled ones included
     * @param build       builds one route entry; called once for each of the route's filters
     *                    (never for a disabled entry), in the order they appear in the chain
     * @param <F>         what a chain is made of: filters, or their type names in a view
     */
    public static <F> List<F> routeChain(List<FilterConfig> global, List<F> globalBuilt, List<FilterConfig> route,
                                         Function<FilterConfig, F> build) {
        if (global.size() != globalBuilt.size()) {
            throw new IllegalArgumentException(global.size() + " global entries but " + globalBuilt.size() + " built");
        }
        Objects.requireNonNull(build, "build");
        Set<String> globalTypes = new HashSet<>();
        global.forEach(g -> globalTypes.add(g.type()));
        Set<String> named = new HashSet<>();
        route.forEach(r -> named.add(r.type()));

        List<F> chain = new ArrayList<>(global.size() + route.size());
        Set<String> placed = new HashSet<>();
        for (int i = 0; i < global.size(); i++) {
            String type = global.get(i).type();
            if (!named.contains(type)) {
                chain.add(globalBuilt.get(i));
            } else if (placed.add(type)) {
                for (FilterConfig r : route) {
                    if (r.type().equals(type) && !r.disabled()) {
                        chain.add(build.apply(r));
                    }
                }
            }
        }
        for (FilterConfig r : route) {
            if (!globalTypes.contains(r.type())) {
                if (r.disabled()) {
                    throw new IllegalArgumentException("route entry disables " + r.type()
                            + ", which no global filter has (the config loader rules that out)");
                }
                chain.add(build.apply(r));
            }
        }
        return chain;
    }
}
