package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.proxy.ProxyHandler;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.testing.TestHandlers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RequestIdFilter: which incoming ids are kept, and that the id reaches the upstream request and the response. */
class RequestIdFilterTest {

    private static final String GENERATED = "gen-0001";
    private static final String ALLOWED_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:+=/@";
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9\\-_.:+=/@]{1,200}");

    private final RequestIdFilter filter = new RequestIdFilter();

    /** An exchange whose gateway-made id is {@link #GENERATED}, with the given X-Request-Id lines. */
    private static Exchange exchange(String... incomingIds) {
        HeaderFields headers = new HeaderFields().add("Host", "example.com");
        for (String id : incomingIds) {
            headers.add("X-Request-Id", id);
        }
        Request request = new Request("GET", "/x", headers, Body.empty());
        Exchange exchange = new Exchange(request,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000), "http", 0);
        exchange.requestId(GENERATED);
        return exchange;
    }

    /** A terminal handler that records the X-Request-Id lines it is to send upstream and answers 200. */
    private static final class Recorder implements Handler {
        final List<String> seen = new ArrayList<>();

        @Override
        public CompletableFuture<Response> handle(Exchange exchange) {
            seen.addAll(exchange.upstreamFields().all("X-Request-Id"));
            return CompletableFuture.completedFuture(
                    new Response(200, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM));
        }
    }

    /** Runs the filter and checks the one id ended up on the exchange, the request and the response. */
    private String chosenId(Exchange exchange) {
        Recorder next = new Recorder();
        Response response = filter.filter(exchange, next).toCompletableFuture().join();
        String id = exchange.requestId();
        assertEquals(List.of(id), next.seen, "request lines seen by the next handler");
        assertEquals(List.of(id), response.headers().all("X-Request-Id"), "response lines");
        return id;
    }

    @Test
    void validIncomingIdIsKept() {
        assertEquals("abc-123_.:+=/@XYZ", chosenId(exchange("abc-123_.:+=/@XYZ")));
    }

    @Test
    void idOfExactlyTheMaximumLengthIsKept() {
        String id = "a".repeat(RequestIdFilter.MAX_ID_CHARS);
        assertEquals(id, chosenId(exchange(id)));
    }

    @Test
    void fieldNameIsMatchedCaseInsensitivelyAndWrittenOnce() {
        Exchange exchange = exchange();
        exchange.request().headers().add("x-request-id", "lower-case-name");
        assertEquals("lower-case-name", chosenId(exchange));
    }

    @Test
    void missingIdGetsTheGeneratedOne() {
        assertEquals(GENERATED, chosenId(exchange()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\there", "line\nbreak", "bell\u0007", "nul\u0000",
            "comma,separated", "quote\"", "semi;colon", "caf\u00e9", "del\u007f"})
    void invalidIdIsReplacedByTheGeneratedOne(String incoming) {
        assertEquals(GENERATED, chosenId(exchange(incoming)));
    }

    @Test
    void tooLongIdIsReplacedByTheGeneratedOne() {
        assertEquals(GENERATED, chosenId(exchange("a".repeat(RequestIdFilter.MAX_ID_CHARS + 1))));
    }

    @Test
    void twoIdFieldsAreReplacedByTheGeneratedOne() {
        assertEquals(GENERATED, chosenId(exchange("first", "second")));
    }

    @Test
    void idIsSetOnProxyMadeResponsesToo() {
        Exchange exchange = exchange("client-id");
        Response response = filter.filter(exchange, e -> CompletableFuture.completedFuture(
                Response.proxy(404, "application/json", "{}"))).toCompletableFuture().join();
        assertEquals(List.of("client-id"), response.headers().all("X-Request-Id"));
    }

    @Test
    void idReachesTheOutboundRequestThroughTheProxyHandler() {
        TestHandlers.RecordingUpstream upstream = new TestHandlers.RecordingUpstream();
        List<Request> sent = upstream.sent;
        Endpoint endpoint = new Endpoint("10.0.0.1", 9001, 1);
        Pool pool = new Pool("web", List.of(endpoint), context -> context.candidates().get(0));
        Handler proxy = new ProxyHandler(pool, upstream, 1_000_000_000L, () -> 0L);

        Exchange exchange = exchange("bad id", "second");
        Response response = filter.filter(exchange, proxy).toCompletableFuture().join();

        assertEquals(1, sent.size());
        assertEquals(List.of(GENERATED), sent.get(0).headers().all("X-Request-Id"));
        assertEquals(List.of(GENERATED), response.headers().all("X-Request-Id"));
    }

    @Test
    void nameIsRequestId() {
        assertEquals("requestId", filter.toString());
    }

    @Provide
    Arbitrary<String> candidateIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(ALLOWED_CHARS).ofMinLength(0).ofMaxLength(210),
                Arbitraries.strings().withChars(ALLOWED_CHARS + " \t\r\n\u0000\u007f,;\"\u00e9")
                        .ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    @Property(tries = 1000)
    void anAcceptedIdHoldsOnlyAllowedCharacters(@ForAll("candidateIds") String incoming) {
        String id = chosenId(exchange(incoming));
        assertTrue(id.equals(incoming) || id.equals(GENERATED), "neither kept nor generated: " + id);
        if (id.equals(incoming)) {
            assertTrue(ALLOWED.matcher(id).matches(), "accepted an id with characters outside the set: " + id);
        }
        assertEquals(ALLOWED.matcher(incoming).matches(), id.equals(incoming),
                "a valid id must be kept, an invalid one replaced: " + incoming);
    }
}
