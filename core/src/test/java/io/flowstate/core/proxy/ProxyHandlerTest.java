package io.flowstate.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.time.Ticker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ProxyHandler against a fake Upstream: outbound rewriting, error mapping, bodiless responses, endpoint load. */
class ProxyHandlerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 5 * SECOND;
    private static final long HEADER_TIMEOUT = 10 * SECOND;
    private static final String ID = "req-1";

    /** A ticker the test moves by hand. */
    private static final class ManualTicker implements Ticker {
        long now = START;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    /** Records each send and answers with whatever the test chose. */
    private static final class FakeUpstream implements Upstream {
        final List<Request> sent = new ArrayList<>();
        final List<Endpoint> endpoints = new ArrayList<>();
        final List<Long> headerTimeouts = new ArrayList<>();
        Supplier<CompletionStage<Response>> answer = () -> CompletableFuture.completedFuture(response(200));
        Exchange lastExchange;

        @Override
        public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                                              long responseHeaderTimeoutNanos) {
            sent.add(outbound);
            endpoints.add(endpoint);
            headerTimeouts.add(responseHeaderTimeoutNanos);
            lastExchange = exchange;
            return answer.get();
        }

        /** Answers nothing until the exchange is cancelled, then fails as a real upstream would. */
        void hangUntilCancelled() {
            answer = () -> {
                CompletableFuture<Response> pending = new CompletableFuture<>();
                lastExchange.cancellation().onCancel(
                        () -> pending.completeExceptionally(new CancellationException("aborted")));
                return pending;
            };
        }

        @Override
        public void close() {
        }
    }

    /** An input stream that remembers being closed. */
    private static final class TrackedStream extends ByteArrayInputStream {
        boolean closed;

        TrackedStream(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final ManualTicker ticker = new ManualTicker();
    private final FakeUpstream upstream = new FakeUpstream();
    private final Endpoint endpoint = new Endpoint("10.0.0.1", 8080, 1);
    private final Pool pool = new Pool("web", List.of(endpoint), context -> context.candidates().get(0));
    private final ProxyHandler proxy = new ProxyHandler(pool, upstream, HEADER_TIMEOUT, ticker);

    private static Response response(int status) {
        return new Response(status, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM);
    }

    private static Exchange exchange(String method, HeaderFields headers) {
        InetSocketAddress client;
        try {
            client = new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 4711); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        Exchange exchange = new Exchange(new Request(method, "/api/x?y=1", headers, Body.empty()), client,
                "https", START);
        exchange.requestId(ID);
        exchange.deadlineNanos(START + 30 * SECOND);
        exchange.forwardTarget("/x?y=1");
        return exchange;
    }

    private static Exchange exchange() {
        return exchange("GET", new HeaderFields().add("Host", "example.com"));
    }

    private Response run(Exchange exchange) {
        return proxy.handle(exchange).toCompletableFuture().join();
    }

    private static String text(Response response) {
        try {
            return new String(response.body().stream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertProxyError(int status, String reason, Response response) {
        assertEquals(status, response.status());
        assertEquals(Response.Origin.PROXY, response.origin());
        assertEquals("{\"status\":" + status + ",\"reason\":\"" + reason + "\",\"requestId\":\"" + ID + "\"}\n",
                text(response));
    }

    private static List<String> lines(HeaderFields h) {
        List<String> out = new ArrayList<>();
        for (HeaderFields.Field f : h) {
            out.add(f.name() + ": " + f.value());
        }
        return out;
    }

    // ---- the outbound request

    @Test
    void outboundRequestIsStrippedForwardedAndAimedAtTheForwardTarget() {
        HeaderFields in = new HeaderFields()
                .add("Host", "example.com")
                .add("Connection", "keep-alive, X-Secret")
                .add("X-Secret", "s3cret")
                .add("Keep-Alive", "timeout=5")
                .add("Proxy-Connection", "keep-alive")
                .add("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .add("Upgrade", "websocket")
                .add("TE", "trailers, deflate")
                .add("Expect", "100-continue")
                .add("Accept", "*/*")
                .add("X-Forwarded-For", "203.0.113.9")
                .add("X-Forwarded-Proto", "http")
                .add("Cookie", "a=1");
        Exchange exchange = exchange("POST", in);
        List<String> received = lines(in);

        assertEquals(200, run(exchange).status());

        assertEquals(1, upstream.sent.size());
        Request outbound = upstream.sent.get(0);
        assertSame(endpoint, upstream.endpoints.get(0));
        assertSame(exchange, upstream.lastExchange);
        assertEquals("POST", outbound.method());
        assertEquals("/x?y=1", outbound.target());
        assertSame(exchange.request().body(), outbound.body());
        assertEquals(List.of(
                "Host: example.com",
                "Accept: */*",
                "Cookie: a=1",
                "TE: trailers",
                "X-Forwarded-For: 203.0.113.9, 192.0.2.10",
                "X-Forwarded-Proto: https",
                "X-Forwarded-Host: example.com"), lines(outbound.headers()));
        assertEquals(received, lines(exchange.request().headers()), "the received request is not changed");
    }

    @Test
    void fieldsAFilterRemovedAreNotSentButFieldsTheProxySetsAre() {
        HeaderFields in = new HeaderFields()
                .add("Host", "example.com")
                .add("authorization", "Bearer s3cret")
                .add("X-Api-Key", "k1")
                .add("X-Api-Key", "k2")
                .add("Accept", "*/*");
        Exchange exchange = exchange("GET", in);
        List<String> received = lines(in);
        exchange.removeUpstreamField("Authorization");
        exchange.removeUpstreamField("x-api-key");
        exchange.removeUpstreamField("X-Tag");
        exchange.upstreamFields().set("X-Tag", "set-by-proxy");

        run(exchange);

        List<String> sent = lines(upstream.sent.get(0).headers());
        assertFalse(sent.stream().anyMatch(l -> l.toLowerCase().startsWith("authorization:")), sent::toString);
        assertFalse(sent.stream().anyMatch(l -> l.toLowerCase().startsWith("x-api-key:")), sent::toString);
        assertTrue(sent.contains("X-Tag: set-by-proxy"), sent::toString);
        assertTrue(sent.contains("Accept: */*"), sent::toString);
        assertEquals(received, lines(exchange.request().headers()), "the received request is not changed");
        assertEquals(List.of("Authorization", "x-api-key", "X-Tag"), exchange.upstreamRemovals());
    }

    @Test
    void noRemovalsIsAnEmptyList() {
        assertEquals(List.of(), exchange().upstreamRemovals());
        assertThrows(UnsupportedOperationException.class, () -> exchange().upstreamRemovals().add("x"));
    }

    @Test
    void forwardTargetDefaultsToTheReceivedTarget() {
        Exchange exchange = new Exchange(new Request("GET", "/as/received?q", new HeaderFields(), Body.empty()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 1234), "http", START);
        exchange.deadlineNanos(START + SECOND);

        run(exchange);

        Request outbound = upstream.sent.get(0);
        assertEquals("/as/received?q", outbound.target());
        assertFalse(outbound.headers().contains("X-Forwarded-Host"), "no Host, no X-Forwarded-Host");
        assertEquals("127.0.0.1", outbound.headers().first("X-Forwarded-For"));
        assertEquals("http", outbound.headers().first("X-Forwarded-Proto"));
    }

    @Test
    void headerTimeoutIsTheRemainingRequestTimeWhenThatIsShorter() {
        Exchange exchange = exchange();
        exchange.deadlineNanos(START + 3 * SECOND);
        ticker.now = START + SECOND;

        run(exchange);

        assertEquals(List.of(2 * SECOND), upstream.headerTimeouts);
    }

    @Test
    void headerTimeoutIsTheConfiguredOneWhenTheDeadlineIsFurther() {
        run(exchange());
        assertEquals(List.of(HEADER_TIMEOUT), upstream.headerTimeouts);
    }

    @Test
    void deadlineAlreadyPassedGives504WithoutSending() {
        Exchange exchange = exchange();
        ticker.now = exchange.deadlineNanos();

        assertProxyError(504, "request_timeout", run(exchange));

        assertTrue(upstream.sent.isEmpty());
        assertEquals(0, endpoint.outstanding());
    }

    // ---- errors

    @ParameterizedTest
    @CsvSource({
        "CONNECT_FAILED,   502, upstream_connect_failed",
        "CONNECT_TIMEOUT,  504, upstream_connect_timeout",
        "RESET,            502, upstream_reset",
        "RESPONSE_TIMEOUT, 504, upstream_timeout",
        "PROTOCOL,         502, upstream_protocol_error"
    })
    void eachUpstreamFailureKindMapsToItsStatusAndReason(UpstreamException.Kind kind, int status, String reason) {
        upstream.answer = () -> CompletableFuture.failedFuture(new UpstreamException(kind, "test", null));
        Exchange exchange = exchange();

        assertProxyError(status, reason, run(exchange));
        assertEquals(endpoint.key(), exchange.backend());
    }

    /** The head timeout and the request deadline race when the deadline bounds the wait: either way it is the request's timeout. */
    @Test
    void headTimeoutBoundByTheRequestDeadlineIsARequestTimeout() {
        upstream.answer = () -> CompletableFuture.failedFuture(
                new UpstreamException(UpstreamException.Kind.RESPONSE_TIMEOUT, "test", null));
        Exchange exchange = exchange();
        exchange.deadlineNanos(START + HEADER_TIMEOUT / 2);

        assertProxyError(504, "request_timeout", run(exchange));
        assertEquals(List.of(HEADER_TIMEOUT / 2), upstream.headerTimeouts);
    }

    @ParameterizedTest
    @EnumSource(UpstreamException.Kind.class)
    void upstreamFailureIsMappedWhenWrappedOrThrown(UpstreamException.Kind kind) {
        UpstreamException failure = new UpstreamException(kind, "test", null);
        upstream.answer = () -> CompletableFuture.failedFuture(new CompletionException(failure));
        assertProxyError(kind.status(), kind.reason(), run(exchange()));

        upstream.answer = () -> {
            throw failure;
        };
        assertProxyError(kind.status(), kind.reason(), run(exchange()));
    }

    @Test
    void balancerFindingNoEndpointGives503() {
        ProxyHandler none = new ProxyHandler(new Pool("web", List.of(endpoint), context -> null),
                upstream, HEADER_TIMEOUT, ticker);

        assertProxyError(503, "no_healthy_endpoint", none.handle(exchange()).toCompletableFuture().join());
        assertTrue(upstream.sent.isEmpty());
        assertEquals(0, endpoint.outstanding());
    }

    @Test
    void poolWithoutEndpointsGives503() {
        ProxyHandler none = new ProxyHandler(new Pool("empty", List.of(), context -> {
            throw new AssertionError("the balancer is not asked about an empty pool");
        }), upstream, HEADER_TIMEOUT, ticker);

        assertProxyError(503, "no_healthy_endpoint", none.handle(exchange()).toCompletableFuture().join());
        assertTrue(upstream.sent.isEmpty());
    }

    @Test
    void deadlineCancellationGives504RequestTimeout() {
        upstream.hangUntilCancelled();
        Exchange exchange = exchange();
        CompletableFuture<Response> result = proxy.handle(exchange).toCompletableFuture();
        assertFalse(result.isDone());

        exchange.cancellation().cancel(CancelCause.DEADLINE);

        assertProxyError(504, "request_timeout", result.join());
    }

    @Test
    void clientClosedCancellationGives499() {
        upstream.hangUntilCancelled();
        Exchange exchange = exchange();
        CompletableFuture<Response> result = proxy.handle(exchange).toCompletableFuture();

        exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED);

        assertProxyError(499, "client_closed", result.join());
    }

    @ParameterizedTest
    @CsvSource({"400, invalid_chunk_size", "413, body_too_large"})
    void rejectedBodyCancellationGivesTheStatusAndReasonItNames(int status, String reason) {
        upstream.hangUntilCancelled();
        Exchange exchange = exchange();
        CompletableFuture<Response> result = proxy.handle(exchange).toCompletableFuture();

        exchange.cancellation().cancel(CancelCause.bodyRejected(status, reason));

        assertProxyError(status, reason, result.join());
    }

    @Test
    void cancellationReasonWinsOverTheUpstreamFailureKind() {
        Exchange exchange = exchange();
        exchange.cancellation().cancel(CancelCause.DEADLINE);
        upstream.answer = () -> CompletableFuture.failedFuture(
                new UpstreamException(UpstreamException.Kind.RESET, "aborted", null));

        assertProxyError(504, "request_timeout", run(exchange));
    }

    @Test
    void bareCancellationExceptionWithoutCancelledExchangeGives499() {
        upstream.answer = () -> CompletableFuture.failedFuture(new CancellationException());
        assertProxyError(499, "client_closed", run(exchange()));
    }

    @Test
    void anyOtherFailureFailsTheStageForRecoveryToAnswer() {
        IllegalStateException bug = new IllegalStateException("bug in the engine");
        upstream.answer = () -> CompletableFuture.failedFuture(bug);

        CompletableFuture<Response> result = proxy.handle(exchange()).toCompletableFuture();

        CompletionException e = assertThrows(CompletionException.class, result::join);
        assertSame(bug, e.getCause());
    }

    // ---- the response

    @Test
    void hopByHopResponseFieldsAreStripped() {
        HeaderFields h = new HeaderFields()
                .add("Content-Type", "text/plain")
                .add("Connection", "close, X-Hop")
                .add("X-Hop", "1")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "h2c")
                .add("Proxy-Authenticate", "Basic")
                .add("Trailer", "X-Checksum")
                .add("Set-Cookie", "a=1")
                .add("Set-Cookie", "b=2");
        Body body = Body.of("hello".getBytes(StandardCharsets.UTF_8));
        upstream.answer = () -> CompletableFuture.completedFuture(
                new Response(201, h, body, Response.Origin.UPSTREAM));

        Response response = run(exchange());

        assertEquals(201, response.status());
        assertEquals(Response.Origin.UPSTREAM, response.origin());
        assertEquals(List.of("Content-Type: text/plain", "Set-Cookie: a=1", "Set-Cookie: b=2"),
                lines(response.headers()));
        assertSame(body, response.body());
        assertEquals("hello", text(response));
    }

    @Test
    void headResponseComesBackWithoutBody() {
        TrackedStream backendBody = new TrackedStream("hello");
        upstream.answer = () -> CompletableFuture.completedFuture(new Response(200,
                new HeaderFields().add("Content-Length", "5"), Body.of(backendBody, 5), Response.Origin.UPSTREAM));

        Response response = run(exchange("HEAD", new HeaderFields().add("Host", "example.com")));

        assertEquals(200, response.status());
        assertTrue(response.body().isEmpty());
        assertEquals("", text(response));
        assertEquals("5", response.headers().first("Content-Length"), "HEAD keeps the length GET would have");
        assertTrue(backendBody.closed, "the backend's body is abandoned");
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 304})
    void noContentResponsesComeBackWithoutBody(int status) {
        TrackedStream backendBody = new TrackedStream("stray bytes");
        upstream.answer = () -> CompletableFuture.completedFuture(
                new Response(status, new HeaderFields(), Body.of(backendBody, -1), Response.Origin.UPSTREAM));

        Response response = run(exchange());

        assertEquals(status, response.status());
        assertTrue(response.body().isEmpty());
        assertEquals("", text(response));
        assertTrue(backendBody.closed);
    }

    // ---- endpoint load

    @Test
    void endpointLoadReturnsToZeroWhenTheExchangeFinishes() {
        Exchange exchange = exchange();
        assertEquals(0, endpoint.outstanding());

        run(exchange);
        assertEquals(1, endpoint.outstanding(), "held until the response is written");
        assertEquals("10.0.0.1:8080", exchange.backend());

        exchange.finish(200);
        assertEquals(0, endpoint.outstanding());
        exchange.finish(200);
        assertEquals(0, endpoint.outstanding(), "a second finish releases nothing");
    }

    @Test
    void endpointLoadReturnsToZeroAfterAFailedTry() {
        upstream.answer = () -> CompletableFuture.failedFuture(
                new UpstreamException(UpstreamException.Kind.CONNECT_FAILED, "refused", null));
        Exchange exchange = exchange();

        run(exchange);
        exchange.finish(502);

        assertEquals(0, endpoint.outstanding());
    }

    @Test
    void endpointLoadReturnsToZeroWhenSendThrows() {
        upstream.answer = () -> {
            throw new IllegalStateException("bug");
        };
        Exchange exchange = exchange();

        CompletionException e = assertThrows(CompletionException.class,
                () -> proxy.handle(exchange).toCompletableFuture().join());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        exchange.finish(500);

        assertEquals(0, endpoint.outstanding());
    }

    @Test
    void endpointLoadReturnsToZeroAfterACancelledExchange() {
        upstream.hangUntilCancelled();
        Exchange exchange = exchange();
        CompletableFuture<Response> result = proxy.handle(exchange).toCompletableFuture();
        assertEquals(1, endpoint.outstanding());

        exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED);
        result.join();
        exchange.finish(499);

        assertEquals(0, endpoint.outstanding());
    }

    // ---- latency samples: send to response head or failure, every try

    private static final long MS = 1_000_000L;

    /** The latency the endpoint's estimate holds right after its only sample. */
    private double sampled() {
        return endpoint.latency().costNanos(ticker.now);
    }

    @Test
    void latencyIsSampledFromSendToResponseHead() {
        upstream.answer = () -> {
            ticker.now += 7 * MS;                             // the head arrives 7 ms after the send
            return CompletableFuture.completedFuture(response(200));
        };
        Exchange exchange = exchange();

        run(exchange);
        ticker.now += 50 * MS;                                // the body takes longer: not part of the sample
        exchange.finish(200);

        assertTrue(endpoint.latency().hasSamples());
        assertEquals(7.0 * MS, endpoint.latency().costNanos(ticker.now - 50 * MS));
    }

    /** Every failure of a try that was sent; an unsendable one is not (ProxyRetryTest). */
    @ParameterizedTest
    @EnumSource(value = UpstreamException.Kind.class, mode = EnumSource.Mode.EXCLUDE, names = "UNSENDABLE")
    void aFailedTryIsSampledToo(UpstreamException.Kind kind) {
        upstream.answer = () -> {
            ticker.now += 3 * MS;
            return CompletableFuture.failedFuture(new UpstreamException(kind, "test", null));
        };
        Exchange exchange = exchange();

        run(exchange);
        exchange.finish(kind.status());

        assertEquals(3.0 * MS, sampled());
        assertEquals(0, endpoint.outstanding());
    }

    @Test
    void aCancelledTryIsSampledWhenTheUpstreamGivesUp() {
        upstream.hangUntilCancelled();
        Exchange exchange = exchange();
        CompletableFuture<Response> result = proxy.handle(exchange).toCompletableFuture();
        assertFalse(endpoint.latency().hasSamples(), "nothing known while the try is out");

        ticker.now += 2 * SECOND;
        exchange.cancellation().cancel(CancelCause.DEADLINE);
        result.join();
        exchange.finish(504);

        assertEquals(2.0 * SECOND, sampled());
        assertEquals(0, endpoint.outstanding());
    }

    @Test
    void aSendThatThrowsIsSampled() {
        upstream.answer = () -> {
            ticker.now += MS;
            throw new IllegalStateException("bug");
        };
        Exchange exchange = exchange();

        assertThrows(CompletionException.class, () -> proxy.handle(exchange).toCompletableFuture().join());
        exchange.finish(500);

        assertEquals(1.0 * MS, sampled());
        assertEquals(0, endpoint.outstanding());
    }

    @Test
    void noTryNoSample() {
        Exchange late = exchange();
        ticker.now = late.deadlineNanos();
        run(late);
        late.finish(504);

        assertFalse(endpoint.latency().hasSamples());
        assertEquals(0, endpoint.outstanding());
    }

    /** Many exchanges at once, each ending its own way; every count returns to zero. */
    @Test
    void concurrentExchangesLeaveNoOutstandingRequests() throws Exception {
        Endpoint a = new Endpoint("10.0.0.1", 1, 1);
        Endpoint b = new Endpoint("10.0.0.2", 2, 1);
        AtomicLong turn = new java.util.concurrent.atomic.AtomicLong();
        // Passive ejection off: the resets here are about load accounting, not health.
        Pool two = new Pool("two", List.of(a, b), c -> c.candidates().get((int) (turn.getAndIncrement() & 1)),
                java.util.concurrent.ThreadLocalRandom::current, System::nanoTime,
                new io.flowstate.core.config.HealthConfig(null, io.flowstate.core.config.PassiveConfig.OFF,
                        io.flowstate.core.config.OutlierConfig.OFF, io.flowstate.core.config.EjectionConfig.DEFAULT,
                        io.flowstate.core.config.PanicConfig.DEFAULT), null, io.flowstate.core.health.HealthListener.none());
        Upstream mixed = new Upstream() {
            @Override
            public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                                                  long responseHeaderTimeoutNanos) {
                return switch (exchange.request().target().length() % 4) {
                    case 0 -> CompletableFuture.completedFuture(response(200));
                    case 1 -> CompletableFuture.failedFuture(
                            new UpstreamException(UpstreamException.Kind.RESET, "reset", null));
                    case 2 -> {
                        CompletableFuture<Response> pending = new CompletableFuture<>();
                        exchange.cancellation().onCancel(() -> pending.completeExceptionally(new CancellationException()));
                        exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED);
                        yield pending;
                    }
                    default -> throw new IllegalStateException("bug");
                };
            }

            @Override
            public void close() {
            }
        };
        ProxyHandler handler = new ProxyHandler(two, mixed, HEADER_TIMEOUT, System::nanoTime);
        int threads = 8;
        int each = 2_000;
        CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        Exchange exchange = new Exchange(new Request("GET", "/" + "x".repeat(i % 4),
                                new HeaderFields().add("Host", "h"), Body.empty()),
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), "http", 0);
                        CompletableFuture<Response> r = handler.handle(exchange).toCompletableFuture();
                        int status = r.handle((response, error) -> error == null ? response.status() : 500).join();
                        exchange.finish(status);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, a.outstanding());
        assertEquals(0, b.outstanding());
        assertTrue(a.latency().hasSamples() && b.latency().hasSamples());
    }

    @Test
    void nameIsThePool() {
        assertEquals("proxy(web)", proxy.toString());
    }

    @Test
    void exchangeWithoutDeadlineIsSentWhateverTheTickerReads() {
        // Exchange: deadlineNanos() is Long.MAX_VALUE when there is none; System.nanoTime() may be negative.
        ticker.now = -5 * SECOND;
        Exchange exchange = exchange();
        exchange.deadlineNanos(Long.MAX_VALUE);

        assertEquals(200, run(exchange).status());
        assertEquals(List.of(HEADER_TIMEOUT), upstream.headerTimeouts);
    }

    @Test
    void clientCannotStripTheRequestIdByNamingItInConnection() {
        Exchange exchange = exchange("GET", new HeaderFields()
                .add("Host", "example.com")
                .add("Connection", "X-Request-Id"));
        io.flowstate.core.spi.Handler chain = io.flowstate.core.filter.FilterChain.build(
                List.of(new io.flowstate.core.filter.RequestIdFilter()), proxy);

        chain.handle(exchange).toCompletableFuture().join();

        assertEquals(List.of(ID), upstream.sent.get(0).headers().all("X-Request-Id"));
    }
}
