package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** FilterChain: nesting order (global, then route filters, then the terminal handler) and the call-next-once rule. */
class FilterChainTest {

    private final List<String> log = new ArrayList<>();

    private static Exchange exchange() {
        Request request = new Request("GET", "/x", new HeaderFields().add("Host", "example.com"), Body.empty());
        return new Exchange(request, new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000), "http", 0);
    }

    private static CompletableFuture<Response> ok(int status) {
        return CompletableFuture.completedFuture(
                new Response(status, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM));
    }

    /** A filter that logs "name>" on the way in and "<name" on the way out. */
    private Filter recording(String name) {
        return new Filter() {
            @Override
            public CompletionStage<Response> filter(Exchange exchange, Handler next) {
                log.add(name + ">");
                return next.handle(exchange).thenApply(response -> {
                    log.add("<" + name);
                    return response;
                });
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private final Handler terminal = exchange -> {
        log.add("terminal");
        return ok(200);
    };

    @Test
    void globalFiltersWrapRouteFiltersWhichWrapTheTerminal() {
        // As Snapshot.compile builds a route's chain: the global filters, then the route's own.
        List<Filter> global = List.of(recording("g1"), recording("g2"));
        List<Filter> route = List.of(recording("r1"), recording("r2"));
        List<Filter> chain = new ArrayList<>(global);
        chain.addAll(route);

        Response response = FilterChain.build(chain, terminal).handle(exchange()).toCompletableFuture().join();

        assertEquals(200, response.status());
        assertEquals(List.of("g1>", "g2>", "r1>", "r2>", "terminal", "<r2", "<r1", "<g2", "<g1"), log);
    }

    @Test
    void noFiltersIsTheTerminalItself() {
        assertSame(terminal, FilterChain.build(List.of(), terminal));
    }

    @Test
    void aFilterThatAnswersItselfSkipsEverythingInside() {
        Filter refuse = (exchange, next) -> ok(429);
        Handler chain = FilterChain.build(List.of(recording("outer"), refuse, recording("inner")), terminal);

        Response response = chain.handle(exchange()).toCompletableFuture().join();

        assertEquals(429, response.status());
        assertEquals(List.of("outer>", "<outer"), log);
    }

    @Test
    void callingNextTwiceFailsNamingTheFilter() {
        Filter twice = new Filter() {
            @Override
            public CompletionStage<Response> filter(Exchange exchange, Handler next) {
                next.handle(exchange);
                return next.handle(exchange);
            }

            @Override
            public String toString() {
                return "doubleCaller";
            }
        };
        Handler chain = FilterChain.build(List.of(recording("outer"), twice), terminal);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> chain.handle(exchange()));

        assertTrue(e.getMessage().contains("doubleCaller"), e.getMessage());
        assertEquals(List.of("outer>", "terminal"), log, "the terminal runs once only");
    }

    @Test
    void callingNextAgainAfterTheResponseFailsTheStageNamingTheFilter() {
        Filter retryer = new Filter() {
            @Override
            public CompletionStage<Response> filter(Exchange exchange, Handler next) {
                return next.handle(exchange).thenCompose(first -> next.handle(exchange));
            }

            @Override
            public String toString() {
                return "naiveRetry";
            }
        };
        CompletableFuture<Response> result = FilterChain.build(List.of(retryer), terminal)
                .handle(exchange()).toCompletableFuture();

        CompletionException e = assertThrows(CompletionException.class, result::join);
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(cause.getMessage().contains("naiveRetry"), cause.getMessage());
        assertEquals(List.of("terminal"), log);
    }

    @Test
    void theOnceRuleIsPerExchangeNotPerChain() {
        Handler chain = FilterChain.build(List.of(recording("f")), terminal);

        assertEquals(200, chain.handle(exchange()).toCompletableFuture().join().status());
        assertEquals(200, chain.handle(exchange()).toCompletableFuture().join().status());

        assertEquals(List.of("f>", "terminal", "<f", "f>", "terminal", "<f"), log);
    }

    @Test
    void recoveryInsideTheChainTurnsADoubleCallInto500() {
        Filter twice = (exchange, next) -> {
            next.handle(exchange);
            return next.handle(exchange);
        };
        Exchange exchange = exchange();
        exchange.requestId("id-7");
        Handler chain = FilterChain.build(List.of(new RecoveryFilter(), twice), terminal);

        Response response = chain.handle(exchange).toCompletableFuture().join();

        assertEquals(500, response.status());
        assertEquals(Response.Origin.PROXY, response.origin());
    }
}
