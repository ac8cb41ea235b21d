package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.MaxConcurrentSettings;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.testing.TestHandlers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** MaxConcurrentFilter: the cap, the 503, and that each slot is given back exactly once, whatever happened. */
class MaxConcurrentFilterTest {

    private static final String ID = "req-3";

    private static Exchange exchange() {
        Request request = new Request("GET", "/x", new HeaderFields().add("Host", "example.com"), Body.empty());
        Exchange exchange = new Exchange(request, new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000),
                "http", 0);
        exchange.requestId(ID);
        return exchange;
    }

    private static MaxConcurrentFilter cap(int max) {
        return new MaxConcurrentFilter(new MaxConcurrentSettings(max));
    }

    private static Response response(int status) {
        return new Response(status, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM);
    }

    /** Never answers: the test completes the stages it hands out. */
    private static final class Pending implements Handler {
        final List<CompletableFuture<Response>> stages = new ArrayList<>();

        @Override
        public CompletableFuture<Response> handle(Exchange exchange) {
            CompletableFuture<Response> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        }
    }

    @Test
    void admitsUpToMaxThenAnswers503() {
        MaxConcurrentFilter filter = cap(2);
        Pending next = new Pending();
        filter.filter(exchange(), next);
        filter.filter(exchange(), next);

        Response refused = filter.filter(exchange(), next).toCompletableFuture().join();

        assertEquals(503, refused.status());
        assertEquals(Response.Origin.PROXY, refused.origin());
        assertEquals("{\"status\":503,\"reason\":\"concurrency_limit\",\"requestId\":\"" + ID + "\"}\n", TestHandlers.text(refused));
        assertEquals(2, next.stages.size(), "the refused request went no further");
        assertEquals(2, filter.inFlight());
    }

    @Test
    void aSlotIsHeldUntilTheExchangeFinishesNotUntilTheResponseHead() {
        MaxConcurrentFilter filter = cap(1);
        Exchange first = exchange();
        Response ok = filter.filter(first, e -> CompletableFuture.completedFuture(response(200)))
                .toCompletableFuture().join();
        assertEquals(200, ok.status());
        assertEquals(1, filter.inFlight(), "the body may still be streaming");
        assertEquals(503, filter.filter(exchange(), new Pending()).toCompletableFuture().join().status());

        first.finish(200);

        assertEquals(0, filter.inFlight());
        assertEquals(200, filter.filter(exchange(), e -> CompletableFuture.completedFuture(response(200)))
                .toCompletableFuture().join().status());
    }

    @Test
    void releasedAfterAnErrorResponse() {
        MaxConcurrentFilter filter = cap(1);
        Exchange exchange = exchange();
        Response r = filter.filter(exchange, e -> CompletableFuture.completedFuture(
                ProxyErrors.of(502, "upstream_connect_failed", e))).toCompletableFuture().join();
        assertEquals(502, r.status());
        exchange.finish(502);
        assertEquals(0, filter.inFlight());
    }

    @Test
    void releasedAfterAStageThatCompletesExceptionally() {
        MaxConcurrentFilter filter = cap(1);
        Exchange exchange = exchange();
        Pending next = new Pending();
        CompletableFuture<Response> result = filter.filter(exchange, next).toCompletableFuture();
        next.stages.get(0).completeExceptionally(new IllegalStateException("boom"));
        assertThrows(CompletionException.class, result::join);
        assertEquals(1, filter.inFlight(), "until the recovery layer's 500 is written");

        exchange.finish(500);

        assertEquals(0, filter.inFlight());
    }

    @Test
    void releasedAfterNextThrows() {
        MaxConcurrentFilter filter = cap(1);
        Exchange exchange = exchange();
        Handler chain = FilterChain.build(List.of(new RecoveryFilter(), filter), e -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(500, chain.handle(exchange).toCompletableFuture().join().status());
        exchange.finish(500);
        assertEquals(0, filter.inFlight());
    }

    @Test
    void releasedWhenTheClientLeavesBeforeAnyResponse() {
        MaxConcurrentFilter filter = cap(1);
        Exchange exchange = exchange();
        filter.filter(exchange, new Pending());
        exchange.finish(ProxyErrors.CLIENT_CLOSED);
        assertEquals(0, filter.inFlight());
    }

    @Test
    void releasedExactlyOnceThoughFinishIsCalledAgain() {
        MaxConcurrentFilter filter = cap(2);
        Exchange a = exchange();
        Exchange b = exchange();
        filter.filter(a, new Pending());
        filter.filter(b, new Pending());
        a.finish(200);
        a.finish(200);
        a.finish(499);
        assertEquals(1, filter.inFlight(), "b still holds its slot");
    }

    @Test
    void aRefusedRequestGivesBackNoSlot() {
        MaxConcurrentFilter filter = cap(1);
        filter.filter(exchange(), new Pending());
        Exchange refused = exchange();
        assertEquals(503, filter.filter(refused, new Pending()).toCompletableFuture().join().status());
        refused.finish(503);
        assertEquals(1, filter.inFlight(), "the admitted request's slot is still taken");
    }

    @Test
    void anExchangeAlreadyFinishedKeepsNoSlot() {
        MaxConcurrentFilter filter = cap(1);
        Exchange exchange = exchange();
        exchange.finish(499);                                 // the client left before the filter ran
        filter.filter(exchange, new Pending());
        assertEquals(0, filter.inFlight(), "the finish hook ran at once and gave the slot back");
    }

    @Test
    void concurrentRequestsNeverExceedTheCapAndAllSlotsComeBack() throws Exception {
        int max = 3;
        MaxConcurrentFilter filter = cap(max);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Handler next = e -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            inside.decrementAndGet();
            return CompletableFuture.completedFuture(response(200));
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        Exchange exchange = exchange();
                        Response r = filter.filter(exchange, next).toCompletableFuture().join();
                        exchange.finish(r.status());
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(most.get() <= max, "at most " + max + " inside at once, saw " + most.get());
        assertEquals(0, filter.inFlight());
    }

    @Test
    void nameShowsTheCap() {
        assertEquals("maxConcurrent(max=7)", cap(7).toString());
        assertThrows(IllegalArgumentException.class, () -> new MaxConcurrentSettings(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxConcurrentSettings(1_000_001));
    }
}
