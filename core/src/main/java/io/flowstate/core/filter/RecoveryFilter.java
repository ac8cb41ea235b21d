package io.flowstate.core.filter;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;
import io.flowstate.core.log.EventLog;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Stages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Turns a bug anywhere inside it (a thrown exception, a failed stage, a null response)
 * into a 500 with the request id, logged with its stack trace, so that a client always
 * gets an answer and the connection lives on.
 *
 * <p>The gateway always installs one as the outermost layer; listing {@code recovery} in
 * a chain adds another at that place, so that the filters outside it see the 500.
 *
 * <p>A stage that has completed with a response already is returned as it is
 * ({@link Stages#now}): there is nothing to recover, so no {@code handle} stage is added.
 */
public final class RecoveryFilter implements Filter {
    private static final EventLog LOG = EventLog.stderr();

    @Override
    public CompletionStage<Response> filter(Exchange exchange, Handler next) {
        CompletionStage<Response> stage;
        try {
            stage = next.handle(exchange);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.completedFuture(fail(exchange, e));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(
                    fail(exchange, new NullPointerException("handler returned no stage")));
        }
        if (Stages.now(stage) != null) {
            return stage;                                      // answered at once, and not with a failure: no stage to add
        }
        return stage.handle((response, error) -> {
            if (error != null) {
                return fail(exchange, error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
            if (response == null) {
                return fail(exchange, new NullPointerException("handler completed with no response"));
            }
            return response;
        });
    }

    private static Response fail(Exchange exchange, Throwable error) {
        java.io.StringWriter stack = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(stack));
        LOG.log(EventLog.Level.ERROR, "internal_error", "requestId", exchange.requestId(),
                "route", exchange.routeName(), "method", exchange.request().method(),
                "path", exchange.request().path(), "error", error.toString(), "stack", stack.toString());
        return ProxyErrors.of(500, "internal_error", exchange);
    }

    @Override
    public String toString() {
        return "recovery";
    }
}
