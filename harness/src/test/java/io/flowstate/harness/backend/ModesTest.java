package io.flowstate.harness.backend;

import static io.flowstate.harness.backend.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each {@link Mode}'s effect as a client sees it on a real socket. */
class ModesTest {

    /** How long a read waits for an answer that a hanging backend must not give (a bound, not a measurement). */
    private static final int HANG_PROBE_MILLIS = 300;

    private TestBackends backends;

    @BeforeEach
    void start() throws Exception {
        backends = TestBackends.start(List.of(BackendSpec.of("b1"), BackendSpec.of("b2")), 1);
    }

    @AfterEach
    void stop() {
        backends.close();
    }

    private RawClient client() throws Exception {
        return new RawClient(backends.address("b1"));
    }

    private void mode(Mode m) {
        backends.apply("b1", backends.behaviour("b1").withMode(m));
    }

    private static void assertRefused(InetSocketAddress address) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(address, RawClient.SAFETY_TIMEOUT_MILLIS);
            }
        });
    }

    @Test
    void refuseClosesThePortAndOpenConnectionsThenUpReopensTheSamePort() throws Exception {
        InetSocketAddress before = backends.address("b1");
        try (RawClient open = client()) {
            assertEquals(200, open.exchange(get("/")).status());
            mode(Mode.REFUSE);
            assertTrue(open.closedByPeer(), "an open connection is closed when the backend starts refusing");
        }
        assertRefused(before);
        assertEquals(200, new RawClient(backends.address("b2")).exchange(get("/")).status(), "b2 is unaffected");

        mode(Mode.UP);
        assertEquals(before, backends.address("b1"));
        try (RawClient c = new RawClient(before)) {
            RawClient.Response r = c.exchange(get("/"));
            assertEquals(200, r.status());
            assertEquals("b1", r.header("X-Backend"));
        }

        // And again: refuse/up cycles keep working on the one port.
        mode(Mode.REFUSE);
        assertRefused(before);
        mode(Mode.UP);
        try (RawClient c = new RawClient(before)) {
            assertEquals(200, c.exchange(get("/healthz")).status());
        }
    }

    @Test
    void aBackendCanStartRefusing() throws Exception {
        try (TestBackends refusing = TestBackends.start(
                List.of(new BackendSpec("dead", Behaviour.DEFAULT.withMode(Mode.REFUSE))), 1)) {
            InetSocketAddress address = refusing.address("dead");
            assertTrue(address.getPort() > 0);
            assertRefused(address);
            refusing.apply("dead", Behaviour.DEFAULT);
            try (RawClient c = new RawClient(address)) {
                assertEquals("dead", c.exchange(get("/")).header("X-Backend"));
            }
        }
    }

    @Test
    void resetSendsPartOfTheResponseThenResets() throws Exception {
        mode(Mode.RESET);
        int full;
        try (RawClient c = client()) {
            c.send(get("/"));
            RawClient.Drained d = c.drain();
            full = new Responses("b1", Behaviour.DEFAULT).head(Responses.OK, false).length + 100;
            assertTrue(d.bytes().length < full, "got " + d.bytes().length + " of " + full + " bytes");
            assertTrue(d.reset(), "the connection ended with a reset, not a FIN");
        }
        try (RawClient c = client()) {
            c.send(get("/healthz"));
            RawClient.Drained d = c.drain();
            assertTrue(d.reset());
            String text = new String(d.bytes(), StandardCharsets.US_ASCII);
            assertTrue(!text.endsWith("ok"), text);
        }
        assertEquals(0L, backends.served().get("b1"));
    }

    @Test
    void hangReadsTheRequestButAnswersOnlyWhenTheModeChanges() throws Exception {
        mode(Mode.HANG);
        try (RawClient c = client(); RawClient health = client()) {
            c.send(RawClient.request("POST", "/", "abc", "Content-Length: 3"));
            health.send(get("/healthz"));
            c.socket.setSoTimeout(HANG_PROBE_MILLIS);
            health.socket.setSoTimeout(HANG_PROBE_MILLIS);
            assertThrows(SocketTimeoutException.class, c::read);
            assertThrows(SocketTimeoutException.class, health::read);

            c.socket.setSoTimeout(RawClient.SAFETY_TIMEOUT_MILLIS);
            health.socket.setSoTimeout(RawClient.SAFETY_TIMEOUT_MILLIS);
            backends.apply("b1", Behaviour.DEFAULT.withResponseBytes(3));
            RawClient.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals(3, r.body().length);
            assertEquals("ok", health.read().text());
        }
    }

    @Test
    void refusingEndsHangingRequestsUnanswered() throws Exception {
        mode(Mode.HANG);
        try (RawClient c = client()) {
            c.send(get("/"));
            c.socket.setSoTimeout(HANG_PROBE_MILLIS);
            assertThrows(SocketTimeoutException.class, c::read);
            c.socket.setSoTimeout(RawClient.SAFETY_TIMEOUT_MILLIS);
            mode(Mode.REFUSE);
            assertTrue(c.closedByPeer());
        }
        assertEquals(0L, backends.served().get("b1"));
    }

    @Test
    void closingTheBackendsEndsHangingConnections() throws Exception {
        mode(Mode.HANG);
        try (RawClient c = client()) {
            c.send(get("/"));
            c.socket.setSoTimeout(HANG_PROBE_MILLIS);
            assertThrows(SocketTimeoutException.class, c::read);
            c.socket.setSoTimeout(RawClient.SAFETY_TIMEOUT_MILLIS);
            backends.close();
            assertTrue(c.closedByPeer());
        }
        assertThrows(IllegalStateException.class, () -> backends.apply("b1", Behaviour.DEFAULT));
    }

    @Test
    void errorAnswersEveryRequestWithTheErrorStatus() throws Exception {
        backends.apply("b1", Behaviour.DEFAULT.withMode(Mode.ERROR));
        try (RawClient c = client()) {
            for (int i = 0; i < 3; i++) {
                RawClient.Response r = c.exchange(get("/"));
                assertEquals(503, r.status());
                assertEquals("b1", r.header("X-Backend"));
                assertEquals(r.body().length, Integer.parseInt(r.header("Content-Length")));
            }
            RawClient.Response health = c.exchange(get("/healthz"));
            assertEquals(503, health.status());
            assertEquals("unhealthy", health.text());

            backends.apply("b1", Behaviour.DEFAULT.withMode(Mode.ERROR).withErrorStatus(500));
            assertEquals(500, c.exchange(get("/")).status());
        }
    }

    @Test
    void slowBodyArrivesComplete() throws Exception {
        backends.apply("b1", Behaviour.DEFAULT.withResponseBytes(1000).withMode(Mode.SLOW_BODY));
        try (RawClient c = client()) {
            RawClient.Response r = c.exchange(get("/"));
            assertEquals(200, r.status());
            assertArrayEquals(Responses.filler(1000), r.body());
            backends.apply("b1", backends.behaviour("b1").withChunked(true).withResponseBytes(50));
            RawClient.Response chunked = c.exchange(get("/"));
            assertEquals("chunked", chunked.header("Transfer-Encoding"));
            assertEquals(50, chunked.body().length);
        }
    }

    @Test
    void latencyDelaysButDoesNotChangeTheResponse() throws Exception {
        backends.apply("b1", Behaviour.DEFAULT.withLatency(new Latency.Exponential(java.time.Duration.ofMillis(1))));
        try (RawClient c = client()) {
            for (int i = 0; i < 20; i++) {
                assertEquals(100, c.exchange(get("/")).body().length);
            }
        }
    }
}
