package io.flowstate.harness.backend;

import static io.flowstate.harness.backend.RawClient.get;
import static io.flowstate.harness.backend.RawClient.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 as the backends speak it, over real loopback sockets. */
class ProtocolTest {

    private TestBackends backends;

    @BeforeEach
    void start() throws Exception {
        backends = TestBackends.start(List.of(BackendSpec.of("b1"),
                new BackendSpec("b2", Behaviour.DEFAULT.withResponseBytes(5000))), 1);
    }

    @AfterEach
    void stop() {
        backends.close();
    }

    private RawClient client(String name) throws Exception {
        return new RawClient(backends.address(name));
    }

    @Test
    void addressesAndUrls() {
        assertEquals(List.of("b1", "b2"), backends.names());
        InetSocketAddress a = backends.address("b1");
        assertEquals("127.0.0.1", a.getAddress().getHostAddress());
        assertEquals("http://127.0.0.1:" + a.getPort(), backends.url("b1"));
        assertTrue(a.getPort() != backends.address("b2").getPort());
    }

    @Test
    void everyResponseNamesItsBackendAndHasTheConfiguredSize() throws Exception {
        try (RawClient c1 = client("b1"); RawClient c2 = client("b2")) {
            RawClient.Response r1 = c1.exchange(get("/any/path?q=1"));
            assertEquals(200, r1.status());
            assertEquals("b1", r1.header("X-Backend"));
            assertEquals("100", r1.header("Content-Length"));
            assertEquals(100, r1.body().length);
            RawClient.Response r2 = c2.exchange(request("POST", "/x", "abc", "Content-Length: 3"));
            assertEquals("b2", r2.header("X-Backend"));
            assertEquals(5000, r2.body().length);
        }
    }

    @Test
    void emptyBodies() throws Exception {
        backends.apply("b1", Behaviour.DEFAULT.withResponseBytes(0));
        try (RawClient c = client("b1")) {
            RawClient.Response r = c.exchange(get("/"));
            assertEquals("0", r.header("Content-Length"));
            assertEquals(0, r.body().length);
            backends.apply("b1", Behaviour.DEFAULT.withResponseBytes(0).withChunked(true));
            RawClient.Response chunked = c.exchange(get("/"));
            assertEquals("chunked", chunked.header("Transfer-Encoding"));
            assertEquals(0, chunked.body().length);
        }
    }

    @Test
    void chunkedResponsesDecodeToTheConfiguredSize() throws Exception {
        int size = 3 * Behaviour.CHUNK_BYTES + 17;
        backends.apply("b1", Behaviour.DEFAULT.withResponseBytes(size).withChunked(true));
        try (RawClient c = client("b1")) {
            RawClient.Response r = c.exchange(get("/"));
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertEquals(size, r.body().length);
            assertArrayEquals(Responses.filler(size), r.body());
            assertTrue(r.wireBodyBytes() > size);
            // The connection is still usable: the chunked body ended where it should.
            assertEquals(200, c.exchange(get("/")).status());
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (RawClient c = client("b1")) {
            for (int i = 0; i < 5; i++) {
                RawClient.Response r = c.exchange(get("/" + i));
                assertEquals(200, r.status());
                assertNull(r.header("Connection"));
            }
        }
    }

    @Test
    void keepAliveOffClosesAfterEachResponse() throws Exception {
        backends.apply("b1", Behaviour.DEFAULT.withKeepAlive(false));
        try (RawClient c = client("b1")) {
            RawClient.Response r = c.exchange(get("/"));
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void aClientsConnectionCloseIsHonoured() throws Exception {
        try (RawClient c = client("b1")) {
            RawClient.Response r = c.exchange(get("/", "Connection: close"));
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByPeer());
        }
        try (RawClient c = client("b1")) {
            assertEquals("close", c.exchange(get("/", "Connection: TE, Close")).header("Connection"));
        }
    }

    @Test
    void http10GetsContentLengthAndClose() throws Exception {
        backends.apply("b1", Behaviour.DEFAULT.withChunked(true));
        try (RawClient c = client("b1")) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            RawClient.Response r = c.read();
            assertEquals("100", r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void pipelinedRequestsWithBodiesAreAnsweredInOrder() throws Exception {
        String chunkedBody = "5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n";
        String pipeline = request("POST", "/one", "0123456789", "Content-Length: 10")
                + request("POST", "/two", chunkedBody, "Transfer-Encoding: chunked")
                + request("HEAD", "/three", "")
                + "\r\n" // a stray empty line between requests is ignored (RFC 9112 section 2.2)
                + request("PUT", "/four", "x".repeat(20_000), "Content-Length: 20000")
                + get("/five");
        Counted counted = new Counted("b1", 5);
        backends.addListener(counted);
        try (RawClient c = client("b1")) {
            c.send(pipeline);
            assertEquals(100, c.read().body().length);
            assertEquals(100, c.read().body().length);
            RawClient.Response head = c.read(true);
            assertEquals("100", head.header("Content-Length"));
            assertEquals(100, c.read().body().length);
            assertEquals(100, c.read().body().length);
        }
        counted.await();
        assertEquals(Map.of("b1", 5L, "b2", 0L), backends.served());
    }

    @Test
    void expectContinueGetsAnInterimResponse() throws Exception {
        try (RawClient c = client("b1")) {
            c.send(request("POST", "/", "", "Content-Length: 4", "Expect: 100-continue"));
            assertEquals(100, c.read().status());
            c.send("body");
            assertEquals(200, c.read().status());
        }
    }

    @Test
    void unframeableRequestsGet400AndAClose() throws Exception {
        for (String bad : List.of(
                "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
                "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
                "GET / HTTP/2.0\r\n\r\n",
                "GET /\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) {
            try (RawClient c = client("b1")) {
                c.send(bad);
                RawClient.Response r = c.read();
                assertEquals(400, r.status(), bad);
                assertEquals("b1", r.header("X-Backend"));
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByPeer());
            }
        }
    }

    @Test
    void anOversizedHeadGets431() throws Exception {
        try (RawClient c = client("b1")) {
            c.send(get("/", "X-Big: " + "a".repeat(RequestReader.MAX_HEAD_BYTES)));
            assertEquals(431, c.read().status());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void healthzAnswersOkAndIsCountedApart() throws Exception {
        Counted counted = new Counted("b1", 3);
        backends.addListener(counted);
        try (RawClient c = client("b1")) {
            RawClient.Response r = c.exchange(get("/healthz"));
            assertEquals(200, r.status());
            assertEquals("ok", r.text());
            assertEquals("b1", r.header("X-Backend"));
            assertEquals("ok", c.exchange(get("/healthz?probe=1")).text());
            assertEquals(100, c.exchange(get("/healthzz")).body().length);
        }
        counted.await();
        assertEquals(1L, backends.served().get("b1"));
        assertEquals(2L, backends.healthChecks().get("b1"));
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        int connections = 50;
        int perConnection = 100;
        Counted counted = new Counted("b2", connections * perConnection);
        backends.addListener(counted);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Callable<Integer> task = () -> {
                    int bytes = 0;
                    try (RawClient c = client("b2")) {
                        for (int j = 0; j < perConnection; j++) {
                            bytes += c.exchange(get("/")).body().length;
                        }
                    }
                    return bytes;
                };
                results.add(pool.submit(task));
            }
            for (Future<Integer> f : results) {
                assertEquals(perConnection * 5000, f.get());
            }
        }
        counted.await();
        assertEquals((long) connections * perConnection, backends.served().get("b2"));
    }

    @Test
    void changeAppliesAPartialBehaviour() throws Exception {
        backends.change("b1", Json.parse("{\"responseBytes\": 12, \"errorStatus\": 500}"));
        assertEquals(Behaviour.DEFAULT.withResponseBytes(12).withErrorStatus(500), backends.behaviour("b1"));
        try (RawClient c = client("b1")) {
            assertEquals(12, c.exchange(get("/")).body().length);
        }
    }
}
