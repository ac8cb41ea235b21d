package io.flowstate.core.filter;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Response;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Stages;
import java.util.concurrent.CompletionStage;

/**
 * Gives every request an id and passes it on: upstream in the request and back to the
 * client in the response, both as {@value #HEADER}.
 *
 * <p>An incoming id is kept when it is valid: 1 to {@value #MAX_ID_CHARS} characters of
 * letters, digits and {@code - _ . : + = / @}. Anything else (too long, spaces, control
 * characters, several lines) is replaced by the id the gateway made, so a client cannot
 * inject log lines or oversize fields through it.
 */
public final class RequestIdFilter implements Filter {
    public static final String HEADER = "X-Request-Id";
    public static final int MAX_ID_CHARS = 200;
    private static final long BIT = HeaderFields.bit(HEADER);

    @Override
    public CompletionStage<Response> filter(Exchange exchange, Handler next) {
        var headers = exchange.request().headers();
        // One test of a bit for the usual request, which brings no id.
        String incoming = headers.containsAny(BIT) && headers.count(HEADER) == 1 ? headers.first(HEADER) : null;
        if (isValid(incoming)) {
            exchange.requestId(incoming);
        }
        // One line for both directions: a field never changes, so two lists may hold it.
        HeaderFields.Field field = new HeaderFields.Field(HEADER, exchange.requestId());
        exchange.upstreamFields().set(field);
        CompletionStage<Response> stage = next.handle(exchange);
        Response now = Stages.now(stage);
        if (now != null) {
            now.headers().set(field);                          // answered at once: no stage to add
            return stage;
        }
        return stage.thenApply(response -> {
            response.headers().set(field);
            return response;
        });
    }

    static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.:+=/@".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "requestId";
    }
}
