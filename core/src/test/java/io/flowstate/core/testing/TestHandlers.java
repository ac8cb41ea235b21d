package io.flowstate.core.testing;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Response;
import io.flowstate.core.spi.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** What core's filter and gateway tests share: a handler that counts its calls, and a body read as text. */
public final class TestHandlers {
    private TestHandlers() {
    }

    /** Answers every request 200 with no body, and counts them: the next handler behind a filter. */
    public static final class Counting implements Handler {
        public int calls;

        @Override
        public CompletableFuture<Response> handle(Exchange exchange) {
            calls++;
            return CompletableFuture.completedFuture(
                    new Response(200, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM));
        }
    }

    /** An upstream that answers every try 200 with no body and keeps what it was sent. */
    public static final class RecordingUpstream implements io.flowstate.core.spi.Upstream {
        public final java.util.List<io.flowstate.core.http.Request> sent = new java.util.ArrayList<>();

        @Override
        public CompletableFuture<Response> send(io.flowstate.core.pool.Endpoint endpoint,
                                                io.flowstate.core.http.Request outbound, Exchange exchange,
                                                long responseHeaderTimeoutNanos) {
            sent.add(outbound);
            return CompletableFuture.completedFuture(
                    new Response(200, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM));
        }

        @Override
        public void close() {
        }
    }

    /** The whole body of {@code response} as UTF-8 text (the body is consumed). */
    public static String text(Response response) {
        try {
            return new String(response.body().stream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
