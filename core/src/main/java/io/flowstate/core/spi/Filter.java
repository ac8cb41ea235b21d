package io.flowstate.core.spi;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;
import java.util.concurrent.CompletionStage;

/**
 * Wraps a handler: acts before, after, or instead of calling {@code next}.
 *
 * <p>A filter calls {@code next.handle} at most once per exchange; calling it twice fails
 * with an {@link IllegalStateException} naming the filter. Filters are built once per
 * config snapshot and shared by all requests, so they keep no per-request state in
 * fields.
 */
@FunctionalInterface
public interface Filter {
    CompletionStage<Response> filter(Exchange exchange, Handler next);
}
