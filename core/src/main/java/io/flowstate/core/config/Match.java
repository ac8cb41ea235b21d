package io.flowstate.core.config;

/** How a route's path is compared with the request path. JSON: {@code "exact"} or {@code "prefix"}. */
public enum Match {
    /** The request path equals the route path. */
    EXACT,
    /** The request path starts with the route path (the router decides segment boundaries). */
    PREFIX
}
