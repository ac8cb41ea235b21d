package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the proxy does to a request on its way to a backend and to the response on its way back. */
class ProxyPathTest {

    /** RFC 9110 7.6.1: hop-by-hop fields, and every field Connection names, stop at the proxy. */
    @EngineTest
    void hopByHopRequestFieldsAreStripped(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("GET /hop HTTP/1.1\r\nHost: test.local\r\n"
                    + "Connection: keep-alive, X-Private, Upgrade\r\n"
                    + "X-Private: secret\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\n"
                    + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                    + "Upgrade: websocket\r\n"
                    + "TE: trailers, deflate\r\n"
                    + "X-Kept: yes\r\n\r\n").read("GET");
            assertEquals(200, reply.status());
            Wire.Head seen = backend.next().head();
            for (String name : List.of("X-Private", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization",
                    "Upgrade", "Trailer", "Transfer-Encoding")) {
                assertFalse(seen.has(name), name + " reached the backend: " + seen);
            }
            String connection = seen.first("Connection");
            assertTrue(connection == null || !connection.toLowerCase().contains("x-private"), "Connection: " + connection);
            assertEquals("yes", seen.first("X-Kept"));
            // RFC 9110 10.1.4: "trailers" is the one TE member a proxy passes on.
            String te = seen.first("TE");
            assertTrue(te == null || te.equalsIgnoreCase("trailers"), "TE sent upstream: " + te);
        }
    }

    @EngineTest
    void teTrailersIsKept(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            assertEquals(200, client.get("/te", "TE", "trailers").status());
            assertEquals("trailers", backend.next().head().first("TE"));
        }
    }

    @EngineTest
    void hopByHopResponseFieldsAreStripped(Engine engine) throws Exception {
        Backend.Script script = call -> call.respond(200, "ok",
                "Connection", "X-Internal",
                "X-Internal", "backend-only",
                "Keep-Alive", "timeout=5",
                "Proxy-Authenticate", "Basic",
                "Upgrade", "h2c",
                "X-Public", "yes");
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/r");
            assertEquals(200, reply.status());
            assertEquals("ok", reply.text());
            for (String name : List.of("X-Internal", "Keep-Alive", "Proxy-Authenticate", "Upgrade")) {
                assertNull(reply.header(name), name + " reached the client");
            }
            assertEquals("yes", reply.header("X-Public"));
        }
    }

    /** RFC 9110 6.6.1: one Date field, whoever made the response. */
    @EngineTest
    void responsesCarryExactlyOneDate(Engine engine) throws Exception {
        Backend.Script script = call -> call.respond(200, "dated", "Date", "Tue, 24 Nov 2026 10:00:00 GMT");
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            assertEquals(1, client.get("/dated").head().all("Date").size());
        }
        try (Proxy proxy = Proxy.on(engine).backends("http://127.0.0.1:1").start(); Client client = proxy.client()) {
            assertEquals(1, client.get("/proxy-made").head().all("Date").size());
        }
    }

    @EngineTest
    void forwardingFieldsAreSetAndTheChainAppended(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            client.send("GET /f HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-For: 203.0.113.7, 198.51.100.2\r\n\r\n")
                    .read("GET");
            Wire.Head seen = backend.next().head();
            assertEquals("203.0.113.7, 198.51.100.2, 127.0.0.1", String.join(", ", seen.all("X-Forwarded-For")));
            assertEquals("http", seen.first("X-Forwarded-Proto"));
            assertEquals("shop.example", seen.first("X-Forwarded-Host"));
            assertEquals("shop.example", seen.first("Host"), "Host passes through unchanged");
            assertEquals(1, seen.all("Host").size());
        }
    }

    @EngineTest
    void targetIsForwardedByteForByte(Engine engine) throws Exception {
        String target = "/a%2Fb/./c;p=1/%7Euser?q=a%20b&r=%2F&s=a+b&t=%E2%82%AC&empty=&&x";
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            assertEquals(200, client.get(target).status());
            assertEquals(target, backend.next().target());
        }
    }

    /**
     * A target the strict rules accept but an engine's client library may refuse (RFC 3986
     * has no "|" or "{"): forwarded as it came, or refused by the proxy as the client's
     * fault. Either way the backend's own record (answers, errors, latency) is its own: a
     * request the engine could not send never counts as the endpoint answering.
     */
    @EngineTest
    void aTargetTheEngineCannotSendIsNeverCountedOnTheBackend(Engine engine) throws Exception {
        String target = "/a|b{c}";
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).admin(null).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get(target);
            String metrics = new AdminClient(proxy.server().adminAddress(), null).metrics();
            String labels = "pool=\"main\",backend=\"127.0.0.1:" + backend.port() + "\"";
            if (reply.status() == 200) {
                assertEquals(target, backend.next().target());
                assertTrue(metrics.contains("flowstate_upstream_requests_total{" + labels + ",code_class=\"2xx\"} 1"),
                        metrics);
                return;
            }
            assertEquals(400, reply.status(), reply.text());
            assertEquals("target_not_uri", reply.reason());
            assertTrue(backend.headsSoFar().isEmpty(), "the backend saw " + backend.headsSoFar());
            for (String line : metrics.split("\n")) {
                if (line.startsWith("flowstate_upstream_") && line.contains(labels) && !line.startsWith("flowstate_upstream_ttfb_seconds_bucket")) {
                    assertTrue(line.endsWith(" 0"), "nothing counted on the backend: " + line);
                }
            }
        }
    }

    @EngineTest
    void repeatedFieldsKeepTheirOrderBothWays(Engine engine) throws Exception {
        Backend.Script script = call -> call.respond(200, "ok",
                "Set-Cookie", "a=1", "X-Other", "o", "Set-Cookie", "b=2", "Set-Cookie", "c=3");
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Multi: 1\r\nX-Between: b\r\n"
                    + "X-Multi: 2\r\nx-multi: 3\r\n\r\n").read("GET");
            assertEquals(List.of("a=1", "b=2", "c=3"), reply.head().all("Set-Cookie"));
            assertEquals(List.of("1", "2", "3"), backend.next().head().all("X-Multi"));
        }
    }

    /** RFC 9110 8.6: a request without content gains no framing fields on its way. */
    @EngineTest
    void bodilessRequestGainsNoFraming(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            assertEquals(200, client.get("/nobody").status());
            Wire.Head seen = backend.next().head();
            assertNull(seen.first("Content-Length"), "GET gained Content-Length");
            assertNull(seen.first("Transfer-Encoding"), "GET gained Transfer-Encoding");
        }
    }

    @EngineTest
    void requestBodiesArriveWholeWithEitherFraming(Engine engine) throws Exception {
        Backend.Script script = call -> call.respond(200, Integer.toString(call.body().length));
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            client.send("POST /fixed HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world");
            assertEquals("11", client.read("POST").text());
            assertEquals("hello world", backend.next().bodyText());

            client.send("POST /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
            String answer = client.read("POST").text();
            Backend.Received chunked = backend.next();
            assertEquals("hello world", chunked.bodyText(), () -> "the backend got " + chunked.head());
            assertEquals("11", answer);
        }
    }

    /**
     * The first part of an upload reaches the backend before the client has sent the rest.
     * A POST, because an idempotent request's small body is buffered so that a retry can
     * replay it (retry.bufferBytes; the next test).
     */
    @EngineTest
    void requestBodyStreams(Engine engine) throws Exception {
        assertUploadStreams("POST", backend -> Proxy.on(engine).backends(backend));
    }

    /** With retry.bufferBytes 0 nothing is buffered for replay: an idempotent upload streams too. */
    @EngineTest
    void requestBodyStreamsWhenRetriesBufferNothing(Engine engine) throws Exception {
        assertUploadStreams("PUT", backend -> Proxy.on(engine).pools("{ \"main\": { \"backends\": [ { \"url\": \""
                + backend.url() + "\" } ], \"retry\": { \"bufferBytes\": 0 } } }"));
    }

    /** Sends half a body, waits until the backend has it, then sends the rest. */
    private static void assertUploadStreams(String method, java.util.function.Function<Backend, Proxy.Builder> proxyOf)
            throws Exception {
        CountDownLatch firstHalf = new CountDownLatch(1);
        Backend.Script script = call -> {
            byte[] first = Wire.readExactly(call.in, 4);
            assertEquals("head", new String(first, StandardCharsets.US_ASCII));
            firstHalf.countDown();
            byte[] rest = Wire.readExactly(call.in, 4);
            call.write("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n" + new String(first) + new String(rest));
        };
        try (Backend backend = Backend.start(script); Proxy proxy = proxyOf.apply(backend).start();
             Client client = proxy.client()) {
            client.send(method + " /up HTTP/1.1\r\nHost: h\r\nContent-Length: 8\r\n\r\nhead");
            assertTrue(firstHalf.await(10, TimeUnit.SECONDS), "the start of the body was held back");
            client.send("tail");
            assertEquals("headtail", client.read(method).text());
        }
    }

    /** The first part of a response reaches the client before the backend has sent the rest. */
    @EngineTest
    void responseBodyStreams(Engine engine) throws Exception {
        CountDownLatch clientHasFirst = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            if (!clientHasFirst.await(10, TimeUnit.SECONDS)) {
                return;
            }
            call.write("6\r\nsecond\r\n0\r\n\r\n");
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            client.send("GET /stream HTTP/1.1\r\nHost: h\r\n\r\n");
            Wire.Head head = client.readHead();
            assertTrue(head.startLine().contains(" 200 "), head.startLine());
            byte[] soFar = readUntil(client, "first");
            assertTrue(new String(soFar, StandardCharsets.US_ASCII).contains("first"));
            clientHasFirst.countDown();
            byte[] rest = readUntil(client, "second");
            assertTrue(new String(rest, StandardCharsets.US_ASCII).contains("second"));
        }
    }

    /** Reads from the client's connection until {@code marker} has been seen. */
    private static byte[] readUntil(Client client, String marker) throws Exception {
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (!seen.toString(StandardCharsets.US_ASCII).contains(marker)) {
            int n = client.input().read(buf);
            if (n < 0) {
                throw new AssertionError("connection ended before \"" + marker + "\"; got " + seen);
            }
            seen.write(buf, 0, n);
        }
        return seen.toByteArray();
    }

    @EngineTest
    void largeBodiesPassIntactBothWays(Engine engine) throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + (i >>> 11));
        }
        Backend.Script script = call -> {
            byte[] got = call.body();
            call.out.write(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Length: " + got.length + "\r\n\r\n"));
            call.out.write(got);
            call.out.flush();
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            client.send("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: " + payload.length + "\r\n\r\n");
            client.send(payload);
            Client.Reply reply = client.read("POST");
            assertEquals(200, reply.status());
            assertTrue(Arrays.equals(payload, reply.body()), "the body changed on its way");
        }
    }

    /** RFC 9110 9.3.2, 15.3.5, 15.4.5: HEAD, 204 and 304 carry no body, and the connection stays usable. */
    @EngineTest
    void bodilessResponsesHaveNoBodyAndKeepTheConnection(Engine engine) throws Exception {
        Backend.Script script = call -> {
            call.body();
            switch (call.head.startLine().split(" ")[1]) {
                case "/head" -> call.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nX-H: 1\r\n\r\n");
                case "/204" -> call.write("HTTP/1.1 204 No Content\r\nX-H: 2\r\n\r\n");
                case "/304" -> call.write("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
                default -> call.respond(200, "after");
            }
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply head = client.send("HEAD /head HTTP/1.1\r\nHost: h\r\n\r\n").read("HEAD");
            assertEquals(200, head.status());
            assertEquals("1", head.header("X-H"));
            assertEquals("1234", head.header("Content-Length"), "HEAD reports the length a GET would have");

            Client.Reply noContent = client.get("/204");
            assertEquals(204, noContent.status());
            assertNull(noContent.header("Transfer-Encoding"));

            Client.Reply notModified = client.get("/304", "If-None-Match", "\"v1\"");
            assertEquals(304, notModified.status());
            assertEquals("\"v1\"", notModified.header("ETag"));

            // Had any of those carried bytes, this response would be misread.
            Client.Reply after = client.get("/after");
            assertEquals(200, after.status());
            assertEquals("after", after.text());
        }
    }

    /** RFC 9110 10.1.1: the client waits for 100 Continue before it sends the body. */
    @EngineTest
    void expectContinueIsAnswered(Engine engine) throws Exception {
        Backend.Script script = call -> call.respond(200, new String(call.body(), StandardCharsets.US_ASCII));
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            client.send("POST /c HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            Client.Reply interim = client.readAny("POST");
            assertEquals(100, interim.status(), "no 100 Continue before the body");
            client.send("hello");
            Client.Reply reply = client.read("POST");
            assertEquals(200, reply.status());
            assertEquals("hello", reply.text());
            assertNull(backend.next().head().first("Expect"), "the expectation was met here, not passed on");
        }
    }

    @EngineTest
    void keepAliveServesManyRequestsOnOneConnection(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            for (int i = 0; i < 20; i++) {
                Client.Reply reply = client.get("/n/" + i);
                assertEquals(200, reply.status());
                assertEquals("GET /n/" + i + " HTTP/1.1", reply.text());
            }
            // Pipelined: two requests in one write, answered in order (RFC 9112 9.3.2).
            client.send("GET /p/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /p/2 HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("GET /p/1 HTTP/1.1", client.read("GET").text());
            assertEquals("GET /p/2 HTTP/1.1", client.read("GET").text());
        }
    }

    @EngineTest
    void requestIdIsKeptOrMadeAndTravelsBothWays(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply kept = client.get("/id", "X-Request-Id", "abc-123");
            assertEquals("abc-123", kept.header("X-Request-Id"));
            assertEquals("abc-123", backend.next().head().first("X-Request-Id"));

            Client.Reply made = client.get("/id", "X-Request-Id", "bad id with spaces");
            String id = made.header("X-Request-Id");
            assertNotNull(id);
            assertFalse(id.contains(" "));
            assertEquals(id, backend.next().head().first("X-Request-Id"));
        }
    }

    @EngineTest
    void prefixIsStrippedWhenTheRouteSaysSo(Engine engine) throws Exception {
        String routes = """
                [ { "name": "api", "path": "/api", "match": "prefix", "stripPrefix": true, "pool": "main" } ]""";
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).routes(routes).start();
             Client client = proxy.client()) {
            assertEquals(200, client.get("/api/users?id=7").status());
            assertEquals("/users?id=7", backend.next().target());
            assertEquals(200, client.get("/api").status());
            assertEquals("/", backend.next().target());
        }
    }

    @EngineTest
    void noRouteIs404WithAJsonReason(Engine engine) throws Exception {
        String routes = """
                [ { "name": "only", "host": "known.example", "path": "/", "match": "prefix", "pool": "main" } ]""";
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).routes(routes).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/x");
            assertEquals(404, reply.status());
            assertEquals("no_route", reply.reason());
            assertEquals(reply.header("X-Request-Id"), reply.errorRequestId());
            assertTrue(reply.header("Content-Type").startsWith("application/json"));
            assertEquals(0, backend.connections());
        }
    }

    @EngineTest
    void absoluteFormTargetIsForwardedInOriginForm(Engine engine) throws Exception {
        try (Backend backend = Backend.echo(); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("GET http://abs.example/p?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n")
                    .read("GET");
            assertEquals(200, reply.status());
            Backend.Received seen = backend.next();
            assertEquals("/p?q=1", seen.target());
            assertEquals("abs.example", seen.head().first("Host"), "RFC 9112 3.2.2: the target's authority wins");
        }
    }
}
