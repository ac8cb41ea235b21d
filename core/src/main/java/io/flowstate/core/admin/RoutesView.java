package io.flowstate.core.admin;

import io.flowstate.core.config.FilterConfig;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.config.RouteConfig;
import io.flowstate.core.filter.FilterPrecedence;
import io.flowstate.core.json.JsonOut;

/**
 * {@code GET /admin/routes}: the routes in config order (the router's precedence, not this order, picks a request's route), with their filters: the
 * types as written ({@code filters}, a disabled entry as {@code "-type"}) and the route's whole
 * chain after precedence ({@code chain}, global filters included, outermost first).
 */
final class RoutesView {
    private RoutesView() {
    }

    static String json(ProxyConfig config) {
        JsonOut out = new JsonOut().object().key("globalFilters").array();
        for (FilterConfig f : config.filters()) {
            out.value(f.type());
        }
        out.end().key("routes").array();
        for (RouteConfig r : config.routes()) {
            out.object()
                    .field("name", r.name())
                    .field("host", r.host())
                    .field("path", r.path())
                    .field("match", r.match().name().toLowerCase(java.util.Locale.ROOT))
                    .key("methods").array();
            r.methods().forEach(out::value);
            out.end()
                    .field("pool", r.pool())
                    .field("stripPrefix", r.stripPrefix())
                    .field("retryNonIdempotent", r.retryNonIdempotent())
                    .key("filters").array();
            r.filters().forEach(f -> out.value(f.disabled() ? "-" + f.type() : f.type()));
            out.end().key("chain").array();
            FilterPrecedence.routeChain(config.filters(), config.filters().stream().map(FilterConfig::type).toList(),
                    r.filters(), FilterConfig::type).forEach(out::value);
            out.end().end();
        }
        return out.end().end().toString();
    }
}
