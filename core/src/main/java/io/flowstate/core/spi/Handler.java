package io.flowstate.core.spi;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;
import java.util.concurrent.CompletionStage;

/**
 * Serves one request.
 *
 * <p>Called by the ingress once per request, on any thread; it must not block that
 * thread (event-loop engines share it). HTTP errors are responses: the stage completes
 * exceptionally only for bugs, which the recovery layer turns into a 500.
 */
@FunctionalInterface
public interface Handler {
    CompletionStage<Response> handle(Exchange exchange);
}
