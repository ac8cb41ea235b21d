package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Failures on the way to a backend and the status each one gives (DESIGN.md section 6),
 * and cancellation: a client that leaves takes its upstream request with it.
 */
class TimeoutsAndCancellationTest {

    /** A loopback port with nothing listening on it: connecting is refused at once. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @EngineTest
    void refusedConnectionIs502(Engine engine) throws Exception {
        try (Proxy proxy = Proxy.on(engine).backends("http://127.0.0.1:" + closedPort()).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/");
            assertEquals(502, reply.status());
            assertEquals("upstream_connect_failed", reply.reason());
            assertEquals(reply.header("X-Request-Id"), reply.errorRequestId(), "the body names the request id");
            // A proxy-made error does not end the client's connection.
            assertEquals(502, client.get("/again").status());
        }
    }

    @EngineTest
    void connectionClosedBeforeTheHeadIs502(Engine engine) throws Exception {
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 200 OK\r\nContent-");       // half a head, then gone
            call.closeAfter();
            call.out.close();
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("POST /r HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi").read("POST");
            assertEquals(502, reply.status());
            assertEquals("upstream_reset", reply.reason());
        }
    }

    /**
     * Until protocol upgrades are supported, a backend's 101 (Switching Protocols) cannot be
     * honoured: the client gets 502 and its connection is closed, the same on every engine.
     */
    @EngineTest
    void aBackendsSwitchingProtocolsIs502AndTheConnectionCloses(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
            release.await(20, TimeUnit.SECONDS);              // then speaks the new protocol: nothing
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\n\r\n").read("GET");
            assertEquals(502, reply.status());
            assertEquals("upstream_protocol_error", reply.reason());
            assertEquals("close", reply.header("Connection"));
            assertTrue(client.closedByPeer(), "the client connection is closed after the 502");
        } finally {
            release.countDown();
        }
    }

    /**
     * RFC 9110 15.2: a 1xx other than 100 and 103 is not expected from a backend here. Where
     * the engine sees one, the core's rule (Http1Interim) answers 502 and closes; java.net.http
     * and Jetty's client read a 102 themselves and drop it, as a client may, and deliver the
     * final answer (docs/engines.md). Either way: no hang, and no 102 reaches the client.
     */
    @EngineTest
    void anUnexpectedInterimResponseNeverReachesTheClient(Engine engine) throws Exception {
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 102 Processing\r\n\r\n");
            call.respond(200, "late");
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.send("GET /processing HTTP/1.1\r\nHost: h\r\n\r\n").readAny("GET");
            if (reply.status() == 200) {
                assertEquals("late", reply.text());
                return;
            }
            assertEquals(502, reply.status());
            assertEquals("upstream_protocol_error", reply.reason());
            assertTrue(client.closedByPeer(), "the client connection is closed after the 502");
        }
    }

    @EngineTest
    void slowResponseHeadIs504(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            release.await(20, TimeUnit.SECONDS);             // never answers in time
        };
        try (Backend backend = Backend.start(script);
             Proxy proxy = Proxy.on(engine).backends(backend).timeout("responseHeader", "300ms").start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/slow");
            assertEquals(504, reply.status());
            assertEquals("upstream_timeout", reply.reason());
        } finally {
            release.countDown();
        }
    }

    /**
     * A try whose head did not come in time is not tried again on the same endpoint (nginx's
     * proxy_next_upstream timeout): with a pool of one, the 504 comes after one wait, and the
     * backend saw the request once.
     */
    @EngineTest
    void aTimedOutTryIsNotRetriedOnTheSameEndpoint(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            release.await(20, TimeUnit.SECONDS);
        };
        try (Backend backend = Backend.start(script);
             Proxy proxy = Proxy.on(engine).backends(backend).timeout("responseHeader", "300ms").start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/slow-once");
            assertEquals(504, reply.status());
            assertEquals("upstream_timeout", reply.reason());
            assertEquals(1, backend.headsSoFar().size(), "the backend saw the request once");
            assertEquals(1, backend.connections(), "one connection: no second try");
        } finally {
            release.countDown();
        }
    }

    @EngineTest
    void requestDeadlineBeforeTheHeadIs504(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            release.await(20, TimeUnit.SECONDS);
        };
        try (Backend backend = Backend.start(script);
             Proxy proxy = Proxy.on(engine).backends(backend)
                     .timeout("responseHeader", "20s").timeout("request", "400ms").start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/deadline");
            assertEquals(504, reply.status());
            assertEquals("request_timeout", reply.reason());
        } finally {
            release.countDown();
        }
    }

    /**
     * A deadline that passes after the head went out cannot change the status: the proxy
     * closes the connection, so the client sees a truncated body, never a short one passed
     * off as whole.
     */
    @EngineTest
    void requestDeadlineDuringTheBodyTruncatesIt(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            release.await(20, TimeUnit.SECONDS);
        };
        try (Backend backend = Backend.start(script);
             Proxy proxy = Proxy.on(engine).backends(backend).timeout("request", "500ms").start();
             Client client = proxy.client()) {
            client.send("GET /partial HTTP/1.1\r\nHost: h\r\n\r\n");
            Wire.Head head = client.readHead();
            assertTrue(head.startLine().contains(" 200 "), head.startLine());
            byte[] body = client.drain();
            assertTrue(body.length < 100, "got " + body.length + " bytes of a 100-byte body");
        } finally {
            release.countDown();
        }
    }

    /** The client leaves while the backend is still working: the backend sees its connection close. */
    @EngineTest
    void clientDisconnectCancelsTheUpstreamRequest(Engine engine) throws Exception {
        CountDownLatch backendSawClose = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.awaitPeerClose();
            backendSawClose.countDown();
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start()) {
            Client client = proxy.client();
            client.send("GET /long HTTP/1.1\r\nHost: h\r\n\r\n");
            backend.nextHead();
            client.close();
            assertTrue(backendSawClose.await(10, TimeUnit.SECONDS),
                    "the backend's connection stayed open after the client left");
        }
    }

    /** Same, while the response body is streaming. */
    @EngineTest
    void clientDisconnectDuringTheBodyClosesTheUpstream(Engine engine) throws Exception {
        CountDownLatch backendSawClose = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\npart\r\n");
            // Streams for as long as the proxy takes it: once the client has gone, the write
            // fails (the proxy closed this connection); had it not, backpressure would stall
            // the write and the test would fail at its bound. At most 256 MiB either way.
            byte[] chunk = Wire.ascii("10000\r\n" + "x".repeat(0x10000) + "\r\n");
            try {
                for (int i = 0; i < 4096; i++) {
                    call.out.write(chunk);
                }
            } catch (java.io.IOException closed) {
                backendSawClose.countDown();
            }
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start()) {
            Client client = proxy.client();
            client.send("GET /trickle HTTP/1.1\r\nHost: h\r\n\r\n");
            client.readHead();
            client.input().read(new byte[4]);
            client.close();
            assertTrue(backendSawClose.await(15, TimeUnit.SECONDS),
                    "the backend kept streaming to a client that left");
        }
    }

    /**
     * A client that sends part of a head and stalls does not hold the connection: after
     * {@code timeouts.idle} it is closed, with 408 where the engine can say so (RFC 9110
     * 15.5.9 lets a server close without one; docs/engines.md says which engine does what).
     */
    @EngineTest
    void stalledHeadIsClosed(Engine engine) throws Exception {
        try (Backend backend = Backend.echo();
             Proxy proxy = Proxy.on(engine).backends(backend).timeout("idle", "300ms").start();
             Client client = proxy.client()) {
            client.send("GET /stalled HTTP/1.1\r\nHost: h\r\n");
            byte[] answer = client.drain();
            String text = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.length == 0 || text.startsWith("HTTP/1.1 408 ") && text.contains("request_header_timeout"),
                    "expected 408 or a plain close, got: " + text);
            assertEquals(0, backend.connections());
        }
    }

    /** An idle keep-alive connection is closed quietly after {@code timeouts.idle}. */
    @EngineTest
    void idleKeepAliveConnectionIsClosed(Engine engine) throws Exception {
        try (Backend backend = Backend.echo();
             Proxy proxy = Proxy.on(engine).backends(backend).timeout("idle", "300ms").start();
             Client client = proxy.client()) {
            assertEquals(200, client.get("/once").status());
            assertTrue(client.closedByPeer(), "the idle connection was kept past timeouts.idle");
        }
    }
}
