package io.flowstate.core.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which requests go to which pool. JSON: one element of {@code "routes"}; routes are tried in order.
 *
 * @param name        unique among routes; default {@code route-<index>}
 * @param host        {@code "*"} (any host, the default), an exact lower-case host, or {@code "*.suffix"}
 *                    (any host ending in {@code .suffix}); never a port
 * @param path        starts with {@code /}
 * @param match       default {@link Match#PREFIX}
 * @param methods     upper-case method tokens in written order; empty means any method; unmodifiable
 * @param pool        the name of a pool in the same config
 * @param stripPrefix remove {@code path} from the request path before forwarding (prefix routes only); default false
 * @param filters     the route's own filters, and its {@linkplain FilterConfig#disabled() disabled} entries,
 *                    as written; combined with the global ones by
 *                    {@code io.flowstate.core.filter.FilterPrecedence}; unmodifiable
 * @param retryNonIdempotent whether the pool's retry policy applies to every method, not only
 *                    the idempotent ones (RFC 9110 9.2.2); default false
 */
public record RouteConfig(String name, String host, String path, Match match, Set<String> methods, String pool,
                          boolean stripPrefix, List<FilterConfig> filters, boolean retryNonIdempotent) {

    public static final String ANY_HOST = "*";

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(pool, "pool");
        methods = Collections.unmodifiableSet(new LinkedHashSet<>(methods));
        filters = List.copyOf(filters);
        if (stripPrefix && match != Match.PREFIX) {
            throw new IllegalArgumentException("stripPrefix needs match PREFIX");
        }
    }

    /** A route that retries idempotent requests only. */
    public RouteConfig(String name, String host, String path, Match match, Set<String> methods, String pool,
                       boolean stripPrefix, List<FilterConfig> filters) {
        this(name, host, path, match, methods, pool, stripPrefix, filters, false);
    }

    /** Whether this route takes requests of any method. */
    public boolean anyMethod() {
        return methods.isEmpty();
    }
}
