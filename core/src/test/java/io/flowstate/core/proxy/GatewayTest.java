package io.flowstate.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.ConfigLoader;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.testing.TestHandlers;
import io.flowstate.core.time.TimerWheel;
import io.flowstate.core.time.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gateway over a compiled Snapshot: routing, 404, request id, deadline, absolute-form targets, filter order. */
public class GatewayTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 7 * SECOND;

    private static final String CONFIG = """
            {
              "listen": "127.0.0.1:0",
              "timeouts": { "request": "5s", "responseHeader": "10s" },
              "pools": {
                "api": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.1:9001" } ] },
                "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] }
              },
              "routes": [
                { "name": "api", "host": "api.example.com", "path": "/v1", "stripPrefix": true, "pool": "api" },
                { "name": "static", "path": "/static", "pool": "web" }
              ]
            }
            """;

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
        Supplier<CompletionStage<Response>> answer = () -> CompletableFuture.completedFuture(
                new Response(200, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM));

        @Override
        public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                                              long responseHeaderTimeoutNanos) {
            sent.add(outbound);
            endpoints.add(endpoint);
            headerTimeouts.add(responseHeaderTimeoutNanos);
            return answer.get();
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path services;

    private final ManualTicker ticker = new ManualTicker();
    private final FakeUpstream upstream = new FakeUpstream();
    private final AtomicInteger idCounter = new AtomicInteger();
    private final Supplier<String> ids = () -> "id-" + idCounter.incrementAndGet();
    private TimerWheel deadlines;

    @BeforeEach
    void startDeadlines() {
        deadlines = new TimerWheel();
    }

    @AfterEach
    void stopDeadlines() {
        deadlines.close();
    }

    /** Snapshot.compile with a stand-in "wrr" visible to ServiceLoader ({@link TestSnapshots}). */
    private Snapshot compile(String json) throws Exception {
        return TestSnapshots.compile(ConfigLoader.parse(json, Set.of("jdk"), Set.of("wrr")), upstream, ticker, services);
    }

    private Gateway gateway(String json) throws Exception {
        return new Gateway(compile(json), ids, ticker, deadlines);
    }

    private static Exchange exchange(String method, String target, String host) {
        HeaderFields headers = new HeaderFields();
        if (host != null) {
            headers.add("Host", host);
        }
        return new Exchange(new Request(method, target, headers, Body.empty()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000), "http", START);
    }

    private static Response run(Gateway gateway, Exchange exchange) {
        return gateway.handle(exchange).toCompletableFuture().join();
    }

    @Test
    void routesByHostAndPathToThatRoutesPool() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange exchange = exchange("GET", "/v1/users?page=2", "API.example.com:8080");

        assertEquals(200, run(gateway, exchange).status());

        assertEquals("api", exchange.routeName());
        assertEquals("10.0.0.1:9001", upstream.endpoints.get(0).key());
        assertEquals("/users?page=2", upstream.sent.get(0).target(), "the route strips its prefix");
        assertEquals("/users?page=2", exchange.forwardTarget());
        assertEquals("API.example.com:8080", upstream.sent.get(0).host());
    }

    @Test
    void otherHostsFallToTheAnyHostRoute() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange other = exchange("GET", "/static/app.css", "www.example.com");
        Exchange apiHostStatic = exchange("GET", "/static/logo.png", "api.example.com");

        assertEquals(200, run(gateway, other).status());
        assertEquals(200, run(gateway, apiHostStatic).status());

        assertEquals("static", other.routeName());
        assertEquals("static", apiHostStatic.routeName());
        assertEquals(List.of("10.0.0.2:9002", "10.0.0.2:9002"),
                upstream.endpoints.stream().map(Endpoint::key).toList());
        assertEquals(List.of("/static/app.css", "/static/logo.png"),
                upstream.sent.stream().map(Request::target).toList());
    }

    @Test
    void unknownPathGives404NoRouteWithTheRequestId() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange exchange = exchange("GET", "/v1/users", "www.example.com");

        Response response = run(gateway, exchange);

        assertEquals(404, response.status());
        assertEquals(Response.Origin.PROXY, response.origin());
        assertEquals("{\"status\":404,\"reason\":\"no_route\",\"requestId\":\"id-1\"}\n", TestHandlers.text(response));
        assertNull(exchange.routeName());
        assertEquals("/v1/users", exchange.forwardTarget());
        assertTrue(upstream.sent.isEmpty());
    }

    @Test
    void everyExchangeGetsAFreshRequestId() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange first = exchange("GET", "/static/a", "h");
        Exchange second = exchange("GET", "/static/b", "h");

        run(gateway, first);
        run(gateway, second);

        assertEquals("id-1", first.requestId());
        assertEquals("id-2", second.requestId());
    }

    @Test
    void deadlineIsStartPlusRequestTimeoutAndBoundsTheHeaderTimeout() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange exchange = exchange("GET", "/static/a", "h");
        ticker.now = START + SECOND;                        // the exchange waited a second to be served

        run(gateway, exchange);

        assertEquals(START + 5 * SECOND, exchange.deadlineNanos());
        assertEquals(List.of(4 * SECOND), upstream.headerTimeouts, "min(responseHeader 10s, 4s left)");
        exchange.finish(200);
    }

    @Test
    void exchangeWhoseDeadlinePassedIsCancelledAndAnswered504() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange exchange = exchange("GET", "/static/a", "h");
        CountDownLatch cancelled = new CountDownLatch(1);
        exchange.cancellation().onCancel(cancelled::countDown);
        ticker.now = START + 6 * SECOND;

        Response response = run(gateway, exchange);

        assertEquals(504, response.status());
        assertEquals("{\"status\":504,\"reason\":\"request_timeout\",\"requestId\":\"id-1\"}\n", TestHandlers.text(response));
        assertTrue(upstream.sent.isEmpty());
        assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the deadline timer cancels the exchange");
        assertEquals(CancelCause.DEADLINE, exchange.cancellation().cause());
    }

    @Test
    void absoluteFormTargetIsRewrittenToOriginFormAndReplacesHost() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange exchange = exchange("GET", "http://API.Example.com:8080/v1/users?page=2", "ignored.example.org");

        assertEquals(200, run(gateway, exchange).status());

        assertEquals("api", exchange.routeName());
        assertEquals(List.of("API.Example.com:8080"), exchange.request().headers().all("Host"));
        Request outbound = upstream.sent.get(0);
        assertEquals("/users?page=2", outbound.target());
        assertEquals("API.Example.com:8080", outbound.host());
        assertEquals("API.Example.com:8080", outbound.headers().first("X-Forwarded-Host"));
    }

    @Test
    void absoluteFormTargetWithoutHostFieldGetsOne() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange exchange = exchange("GET", "HTTPS://www.example.com/static/x", null);

        assertEquals(200, run(gateway, exchange).status());

        assertEquals("static", exchange.routeName());
        assertEquals("www.example.com", exchange.request().host());
        assertEquals("/static/x", upstream.sent.get(0).target());
    }

    @Test
    void absoluteFormTargetWithoutPathBecomesSlash() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Exchange bare = exchange("GET", "http://www.example.com", "h");
        Exchange query = exchange("GET", "http://www.example.com?q=1", "h");

        assertEquals(404, run(gateway, bare).status());
        assertEquals(404, run(gateway, query).status());

        assertEquals("/", bare.forwardTarget());
        assertEquals("/?q=1", query.forwardTarget());
        assertEquals("www.example.com", query.request().host());
    }

    @Test
    void globalFiltersWrapTheRoutesFilters() throws Exception {
        // requestId is global, recovery is the route's: the route's recovery turns the bug into
        // a 500 and the global requestId, outside it, still stamps that 500. In the opposite
        // order the 500 would come from the gateway's own recovery, without the field.
        Gateway gateway = gateway("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] } },
                  "routes": [ { "name": "all", "path": "/", "pool": "web", "filters": [ { "type": "recovery" } ] } ],
                  "filters": [ { "type": "requestId" } ]
                }
                """);
        upstream.answer = () -> CompletableFuture.failedFuture(new IllegalStateException("bug in the engine"));
        Exchange exchange = exchange("GET", "/x", "h");

        Response response = run(gateway, exchange);

        assertEquals(500, response.status());
        assertEquals(List.of("id-1"), response.headers().all("X-Request-Id"));
    }

    @Test
    void globalFiltersRunForUnroutedRequestsToo() throws Exception {
        Gateway gateway = gateway("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] } },
                  "routes": [ { "name": "api", "path": "/api", "pool": "web" } ],
                  "filters": [ { "type": "requestId" } ]
                }
                """);
        Exchange exchange = exchange("GET", "/elsewhere", "h");
        exchange.request().headers().add("X-Request-Id", "client-chosen");

        Response response = run(gateway, exchange);

        assertEquals(404, response.status());
        assertEquals(List.of("client-chosen"), response.headers().all("X-Request-Id"));
        assertEquals("{\"status\":404,\"reason\":\"no_route\",\"requestId\":\"client-chosen\"}\n", TestHandlers.text(response));
    }

    @Test
    void admissionFiltersFromTheConfigGuardARouteInOrder() throws Exception {
        Gateway gateway = gateway("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] } },
                  "routes": [ { "name": "api", "path": "/", "pool": "web", "filters": [
                    { "type": "auth", "scheme": "bearer", "tokens": ["t0k"], "strip": true },
                    { "type": "rateLimit", "rate": 1, "burst": 2 },
                    { "type": "maxConcurrent", "max": 1 } ] } ]
                }
                """);
        Exchange noCredential = exchange("GET", "/x", "h");
        Response missing = run(gateway, noCredential);
        assertEquals(401, missing.status());
        assertEquals("Bearer", missing.headers().first("WWW-Authenticate"));
        assertEquals(403, run(gateway, withAuthorization("Bearer t0ken")).status());
        assertEquals(0, upstream.sent.size(), "refused requests reach no backend and take no token");

        Exchange first = withAuthorization("Bearer t0k");
        assertEquals(200, run(gateway, first).status());
        assertNull(upstream.sent.get(0).headers().first("Authorization"), "stripped");

        Response busy = run(gateway, withAuthorization("Bearer t0k"));        // takes the second token
        assertEquals(503, busy.status());
        assertEquals("{\"status\":503,\"reason\":\"concurrency_limit\",\"requestId\":\"id-4\"}\n", TestHandlers.text(busy));
        first.finish(200);

        Response limited = run(gateway, withAuthorization("Bearer t0k"));
        assertEquals(429, limited.status());
        assertEquals("1", limited.headers().first("Retry-After"));
        ticker.now += SECOND;
        Exchange later = withAuthorization("Bearer t0k");
        assertEquals(200, run(gateway, later).status());
        later.finish(200);
        assertEquals(2, upstream.sent.size());
    }

    @Test
    void aGlobalRateLimitCountsEveryRouteAndUnroutedRequestsTogether() throws Exception {
        Gateway gateway = gateway("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] } },
                  "routes": [ { "name": "a", "path": "/a", "pool": "web" }, { "name": "b", "path": "/b", "pool": "web" } ],
                  "filters": [ { "type": "rateLimit", "rate": 1, "burst": 2 } ]
                }
                """);
        assertEquals(200, run(gateway, exchange("GET", "/a", "h")).status());
        assertEquals(404, run(gateway, exchange("GET", "/elsewhere", "h")).status());
        assertEquals(429, run(gateway, exchange("GET", "/b", "h")).status());
    }

    @Test
    void anAccessLogFromTheConfigLogsRoutedAndUnroutedRequestsUntilTheSnapshotCloses(@TempDir Path logs)
            throws Exception {
        Path file = logs.resolve("access.log");
        Gateway gateway = gateway("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] } },
                  "routes": [ { "name": "api", "path": "/api", "pool": "web" } ],
                  "filters": [ { "type": "accessLog", "path": %s }, { "type": "requestId" } ]
                }
                """.formatted(io.flowstate.core.json.Json.quote(file.toString())));
        io.flowstate.core.filter.AccessLogSink sink = gateway.snapshot().accessLogs().find(file);
        CountDownLatch two = new CountDownLatch(1);
        sink.onFlush(written -> {
            if (written == 2) {
                two.countDown();
            }
        });
        Exchange routed = exchange("GET", "/api/x?q=1", "h");
        Exchange unrouted = exchange("GET", "/elsewhere", "h");
        assertEquals(200, run(gateway, routed).status());
        assertEquals(404, run(gateway, unrouted).status());
        ticker.now += SECOND;
        routed.finish(200);
        unrouted.finish(404);
        assertTrue(two.await(10, TimeUnit.SECONDS));

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        var first = (io.flowstate.core.json.JsonObject) io.flowstate.core.json.Json.parse(lines.get(0));
        var second = (io.flowstate.core.json.JsonObject) io.flowstate.core.json.Json.parse(lines.get(1));
        assertEquals("\"api\"", first.get("route").toString());
        assertEquals("\"/api/x\"", first.get("path").toString());
        assertEquals("\"10.0.0.2:9002\"", first.get("backend").toString());
        assertEquals("\"id-1\"", first.get("requestId").toString());
        assertEquals("1000.000", first.get("durationMs").toString());
        assertEquals("null", second.get("route").toString());
        assertEquals("404", second.get("status").toString());
        assertEquals("\"no_route\"", second.get("error").toString());

        gateway.snapshot().close();
        Exchange late = exchange("GET", "/api/late", "h");
        run(gateway, late);
        late.finish(200);
        assertEquals(1, sink.dropped(), "a closed snapshot logs nothing more, and counts what it lost");
        assertEquals(2, Files.readAllLines(file).size());
    }

    private static Exchange withAuthorization(String target, String value) {
        Exchange exchange = exchange("GET", target, "h");
        if (value != null) {
            exchange.request().headers().add("Authorization", value);
        }
        return exchange;
    }

    @Test
    void aRouteReplacesOrDisablesTheGlobalFilterOfATypeAndOtherRoutesKeepIt() throws Exception {
        Gateway gateway = gateway("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] } },
                  "routes": [
                    { "name": "public", "path": "/public", "pool": "web",
                      "filters": [ { "type": "auth", "disabled": true } ] },
                    { "name": "partner", "path": "/partner", "pool": "web",
                      "filters": [ { "type": "auth", "scheme": "bearer", "tokens": ["partner-token"] } ] },
                    { "name": "rest", "path": "/", "pool": "web" }
                  ],
                  "filters": [ { "type": "requestId" }, { "type": "auth", "scheme": "bearer", "tokens": ["staff-token"] } ]
                }
                """);
        assertEquals(200, run(gateway, withAuthorization("/public/x", null)).status(), "disabled: no credential needed");

        assertEquals(401, run(gateway, withAuthorization("/partner/x", null)).status());
        assertEquals(403, run(gateway, withAuthorization("/partner/x", "Bearer staff-token")).status(),
                "the global auth is replaced, not added to");
        assertEquals(200, run(gateway, withAuthorization("/partner/x", "Bearer partner-token")).status());

        assertEquals(401, run(gateway, withAuthorization("/other", null)).status());
        assertEquals(403, run(gateway, withAuthorization("/other", "Bearer partner-token")).status());
        Response kept = run(gateway, withAuthorization("/other", "Bearer staff-token"));
        assertEquals(200, kept.status());
        assertEquals(1, kept.headers().all("X-Request-Id").size(), "global filters of other types stay");
        assertEquals(3, upstream.sent.size());
    }

    @Test
    void aReplacingFilterRunsAtTheGlobalFiltersPlaceWithItsOwnState() throws Exception {
        // The global rateLimit is outside auth: unauthenticated requests spend its tokens.
        // The route's replacement sits at the same place, so they spend the route's tokens too;
        // appended after auth, it would never see them. The global bucket is left untouched.
        Gateway gateway = gateway("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "web": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.2:9002" } ] } },
                  "routes": [
                    { "name": "api", "path": "/api", "pool": "web",
                      "filters": [ { "type": "rateLimit", "rate": 1, "burst": 2 } ] },
                    { "name": "rest", "path": "/", "pool": "web" }
                  ],
                  "filters": [ { "type": "rateLimit", "rate": 1, "burst": 1 },
                               { "type": "auth", "scheme": "bearer", "tokens": ["t"] } ]
                }
                """);
        assertEquals(401, run(gateway, withAuthorization("/api/a", null)).status());
        assertEquals(401, run(gateway, withAuthorization("/api/b", null)).status());
        assertEquals(429, run(gateway, withAuthorization("/api/c", "Bearer t")).status(), "the route's 2 tokens are spent");

        assertEquals(200, run(gateway, withAuthorization("/else", "Bearer t")).status(), "the global bucket is its own");
        assertEquals(429, run(gateway, withAuthorization("/else", "Bearer t")).status());
    }

    private static Exchange withAuthorization(String value) {
        Exchange exchange = exchange("GET", "/x", "h");
        exchange.request().headers().add("Authorization", value);
        return exchange;
    }

    @Test
    void bugsInsideTheChainBecome500WithTheRequestId() throws Exception {
        Gateway gateway = gateway(CONFIG);
        upstream.answer = () -> {
            throw new IllegalStateException("bug in the engine");
        };

        Response response = run(gateway, exchange("GET", "/static/a", "h"));

        assertEquals(500, response.status());
        assertEquals("{\"status\":500,\"reason\":\"internal_error\",\"requestId\":\"id-1\"}\n", TestHandlers.text(response));
    }

    @Test
    void swappedSnapshotServesLaterRequests() throws Exception {
        Gateway gateway = gateway(CONFIG);
        Snapshot next = compile("""
                {
                  "listen": "127.0.0.1:0",
                  "pools": { "other": { "balancer": "wrr", "backends": [ { "url": "http://10.0.0.3:9003" } ] } },
                  "routes": [ { "name": "everything", "path": "/", "pool": "other" } ]
                }
                """);

        gateway.swap(next);
        Exchange exchange = exchange("GET", "/v1/users", "api.example.com");
        run(gateway, exchange);

        assertEquals(next, gateway.snapshot());
        assertEquals("everything", exchange.routeName());
        assertEquals("10.0.0.3:9003", upstream.endpoints.get(0).key());
    }
}
