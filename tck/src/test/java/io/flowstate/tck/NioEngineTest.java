package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Engines;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the NIO engine promises beyond the suite, because it parses backend responses and
 * pools connections itself: a backend's answer that a smuggler would use is refused (502,
 * the backend connection closed), a pooled connection its backend closed costs no request.
 * The other engines' client libraries decide these for themselves, so they are not held to
 * the same answers here.
 */
class NioEngineTest {
    private static final Engine NIO = Engines.byName("nio");

    private static Client.Reply oneRequestAgainst(String answer) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.write(answer);
            call.awaitPeerClose();
            closed.countDown();
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(NIO).backends(backend).start();
             Client client = proxy.client()) {
            Client.Reply reply = client.get("/bad");
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the proxy closed the backend connection");
            return reply;
        }
    }

    @Test
    void twoContentLengthsFromTheBackendAre502() throws Exception {
        Client.Reply reply = oneRequestAgainst("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 12\r\n\r\nhello");
        assertEquals(502, reply.status());
        assertEquals("upstream_protocol_error", reply.reason());
    }

    @Test
    void contentLengthWithTransferEncodingFromTheBackendIs502() throws Exception {
        Client.Reply reply = oneRequestAgainst("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");
        assertEquals(502, reply.status());
        assertEquals("upstream_protocol_error", reply.reason());
    }

    @Test
    void aStatusLineThatIsNotHttpIs502() throws Exception {
        Client.Reply reply = oneRequestAgainst("ICY 200 OK\r\n\r\n");
        assertEquals(502, reply.status());
        assertEquals("upstream_protocol_error", reply.reason());
    }

    /** Found once the head has gone to the client: the body is cut, the connection closed, never passed off as whole. */
    @Test
    void aBadChunkSizeMidBodyCutsTheResponseAndClosesBothConnections() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch clientHasHead = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            clientHasHead.await(10, TimeUnit.SECONDS);
            call.write("zz\r\n");
            call.awaitPeerClose();
            closed.countDown();
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(NIO).backends(backend).start();
             Client client = proxy.client()) {
            client.send("GET /cut HTTP/1.1\r\nHost: h\r\n\r\n");
            Wire.Head head = client.readHead();
            clientHasHead.countDown();
            assertEquals("HTTP/1.1 200 OK", head.startLine().substring(0, 15));
            assertTrue(head.chunked());
            byte[] rest = client.drain();
            String text = new String(rest, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("5\r\nhello\r\n") && !text.contains("0\r\n\r\n"),
                    "what came is relayed, no last chunk: the body is not passed off as whole: " + text);
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the proxy closed the backend connection");
        }
    }

    /** Found before anything went to the client: it can still be told, 502. */
    @Test
    void aBadChunkSizeBeforeAnyByteWasRelayedIs502() throws Exception {
        Client.Reply reply = oneRequestAgainst("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertEquals(502, reply.status());
        assertEquals("upstream_protocol_error", reply.reason());
    }

    /**
     * A backend that closes a kept-alive connection right after its answer: the next request
     * meets either a connection the engine has already dropped, or (if the close is not seen
     * yet) a dead one, and is then sent once more on a fresh one. Either way it succeeds.
     */
    @Test
    void aPooledConnectionItsBackendClosedCostsNoRequest() throws Exception {
        Backend.Script script = call -> {
            call.respond(200, "fine");                         // says nothing of closing, then closes
            call.closeAfter();
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(NIO).backends(backend).start();
             Client client = proxy.client()) {
            for (int i = 0; i < 20; i++) {
                Client.Reply reply = client.get("/again/" + i);
                assertEquals(200, reply.status(), "request " + i + ": " + reply.text());
                assertEquals("fine", reply.text());
            }
            assertEquals(20, backend.connections(), "one fresh connection per request");
        }
    }

    /**
     * A head must be whole within timeouts.idle of its first byte however slowly it trickles:
     * a byte every few milliseconds does not restart the bound (Jetty's idle timer would).
     */
    @Test
    void aTrickledHeadIsAnswered408AtItsBoundWhateverTheBytesKeepComing() throws Exception {
        try (Backend backend = Backend.echo();
             Proxy proxy = Proxy.on(NIO).backends(backend).timeout("idle", "300ms").start();
             Client client = proxy.client()) {
            byte[] head = ("GET /trickle HTTP/1.1\r\nHost: h\r\nX-Padding: " + "p".repeat(200) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (byte b : head) {
                        client.send(new byte[] {b});
                        sent.incrementAndGet();
                        Thread.sleep(10);                      // the attack's pace: ~2.5 s for the whole head
                    }
                } catch (Exception stopped) {
                    // the proxy closed the connection: what the test wants
                }
            });
            byte[] answer = client.drain();
            trickle.interrupt();
            String text = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 408 ") && text.contains("request_header_timeout"), text);
            assertTrue(sent.get() < head.length, "closed before the head was whole: " + sent.get() + " of " + head.length);
            assertEquals(0, backend.connections());
        }
    }
}
