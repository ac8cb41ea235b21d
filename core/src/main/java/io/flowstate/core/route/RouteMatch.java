package io.flowstate.core.route;

/**
 * The result of {@link Router#match}: the route that won, the value it was built with, and
 * the request-target to send upstream.
 *
 * @param spec the winning route
 * @param value the value given with {@code spec} to {@link Router#build}
 * @param forwardTarget the request-target to forward: with {@link RouteSpec#stripPrefix()}
 *     the path without the route's prefix (always starting with {@code "/"}) followed by
 *     the query exactly as received; otherwise the received target itself
 */
public record RouteMatch<T>(RouteSpec spec, T value, String forwardTarget) {
}
