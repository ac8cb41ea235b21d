package io.flowstate.core.filter;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Composes filters around a terminal handler, once per config snapshot. The first filter
 * in the list is the outermost: it sees the request first and the response last.
 */
public final class FilterChain {
    private FilterChain() {
    }

    public static Handler build(List<Filter> filters, Handler terminal) {
        Handler next = terminal;
        for (int i = filters.size() - 1; i >= 0; i--) {
            next = link(filters.get(i), next);
        }
        return next;
    }

    private static Handler link(Filter filter, Handler next) {
        return exchange -> filter.filter(exchange, new Once(filter, next));
    }

    /** Enforces the {@link Filter} contract: {@code next} is called at most once. */
    private static final class Once extends AtomicBoolean implements Handler {
        private final Filter owner;
        private final Handler next;

        Once(Filter owner, Handler next) {
            this.owner = owner;
            this.next = next;
        }

        @Override
        public CompletionStage<Response> handle(Exchange exchange) {
            if (!compareAndSet(false, true)) {
                throw new IllegalStateException("filter " + owner + " called next twice for " + exchange);
            }
            return next.handle(exchange);
        }
    }
}
