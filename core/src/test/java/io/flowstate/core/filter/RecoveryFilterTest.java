package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.spi.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** RecoveryFilter: every kind of bug inside it becomes a 500 with the request id; good responses pass untouched. */
class RecoveryFilterTest {

    private static final String ID = "req-42";
    private static final String INTERNAL_ERROR =
            "{\"status\":500,\"reason\":\"internal_error\",\"requestId\":\"req-42\"}\n";

    private final RecoveryFilter recovery = new RecoveryFilter();

    private static Exchange exchange() {
        Request request = new Request("GET", "/x", new HeaderFields().add("Host", "example.com"), Body.empty());
        Exchange exchange = new Exchange(request,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000), "http", 0);
        exchange.requestId(ID);
        return exchange;
    }

    private static Response run(RecoveryFilter filter, Handler next) {
        return filter.filter(exchange(), next).toCompletableFuture().join();
    }

    private static String text(Response response) {
        try {
            return new String(response.body().stream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertInternalError(Response response) {
        assertEquals(500, response.status());
        assertEquals(Response.Origin.PROXY, response.origin());
        assertEquals("application/json", response.headers().first("Content-Type"));
        assertEquals(INTERNAL_ERROR, text(response));
    }

    @Test
    void nextThrowingARuntimeExceptionGives500() {
        assertInternalError(run(recovery, exchange -> {
            throw new IllegalStateException("boom");
        }));
    }

    @Test
    void nextThrowingAnErrorGives500() {
        assertInternalError(run(recovery, exchange -> {
            throw new AssertionError("boom");
        }));
    }

    @Test
    void nextReturningNoStageGives500() {
        assertInternalError(run(recovery, exchange -> null));
    }

    @Test
    void stageCompletingExceptionallyGives500() {
        assertInternalError(run(recovery, exchange -> CompletableFuture.failedFuture(new IllegalStateException("boom"))));
    }

    @Test
    void stageFailingWithAWrappedExceptionGives500() {
        assertInternalError(run(recovery, exchange -> CompletableFuture.failedFuture(
                new CompletionException(new IllegalStateException("boom")))));
    }

    @Test
    void stageCompletingWithNullGives500() {
        assertInternalError(run(recovery, exchange -> CompletableFuture.completedFuture(null)));
    }

    @Test
    void stageFailingLaterGives500WhenItFails() {
        CompletableFuture<Response> pending = new CompletableFuture<>();
        CompletableFuture<Response> result = recovery.filter(exchange(), exchange -> pending).toCompletableFuture();
        assertFalse(result.isDone());
        pending.completeExceptionally(new IllegalStateException("late"));
        assertInternalError(result.join());
    }

    @Test
    void aNormalResponsePassesThroughUntouched() {
        Body body = Body.of("hello".getBytes(StandardCharsets.UTF_8));
        Response upstream = new Response(201, new HeaderFields().add("X-From", "backend"), body,
                Response.Origin.UPSTREAM);
        Response response = run(recovery, exchange -> CompletableFuture.completedFuture(upstream));
        assertSame(upstream, response);
        assertEquals(201, response.status());
        assertEquals("backend", response.headers().first("X-From"));
        assertEquals(1, response.headers().size());
        assertEquals("hello", text(response));
    }

    @Test
    void aResponseThatArrivesLaterPassesThroughUntouched() {
        CompletableFuture<Response> pending = new CompletableFuture<>();
        CompletionStage<Response> result = recovery.filter(exchange(), exchange -> pending);
        Response upstream = new Response(404, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM);
        pending.complete(upstream);
        assertSame(upstream, result.toCompletableFuture().join());
    }

    @Test
    void nameIsRecovery() {
        assertEquals("recovery", recovery.toString());
    }
}
