package io.flowstate.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.ActiveCheckConfig;
import io.flowstate.core.pool.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The HTTP probe against a loopback socket that answers what the test says. */
class HttpProbeTest {

    private static ActiveCheckConfig check(Duration timeout) {
        return new ActiveCheckConfig("/healthz?deep=1", Duration.ofSeconds(5), timeout, 200, 299, 1, 1, true);
    }

    /** Serves one connection: reads the head, hands it to the test, writes {@code answer} (null: say nothing). */
    private static Probe.Result probeAgainst(String answer, CompletableFuture<String> head, Duration timeout)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    head.complete(readHead(s.getInputStream()));
                    if (answer != null) {
                        s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } else {
                        s.getInputStream().read();                // until the probe gives up and closes
                    }
                } catch (IOException e) {
                    head.completeExceptionally(e);
                }
            });
            Endpoint e = new Endpoint("127.0.0.1", server.getLocalPort(), 1);
            return new HttpProbe().check(e, check(timeout)).toCompletableFuture().join();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!out.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void anExpectedStatusPassesAndTheRequestIsAPlainGet() throws Exception {
        CompletableFuture<String> head = new CompletableFuture<>();
        Probe.Result r = probeAgainst("HTTP/1.1 204 No Content\r\n\r\n", head, Duration.ofSeconds(5));
        assertTrue(r.passed());
        assertEquals("status 204", r.detail());
        String h = head.join();
        assertTrue(h.startsWith("GET /healthz?deep=1 HTTP/1.1\r\n"), h);
        assertTrue(h.contains("\r\nConnection: close\r\n"), h);
        assertTrue(h.contains("\r\nHost: 127.0.0.1:"), h);
    }

    @Test
    void aStatusOutsideTheRangeFails() throws Exception {
        Probe.Result r = probeAgainst("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n",
                new CompletableFuture<>(), Duration.ofSeconds(5));
        assertFalse(r.passed());
        assertEquals("status 503", r.detail());
    }

    @Test
    void somethingThatIsNotHttpFails() throws Exception {
        Probe.Result r = probeAgainst("SSH-2.0-OpenSSH\r\n", new CompletableFuture<>(), Duration.ofSeconds(5));
        assertFalse(r.passed());
        assertTrue(r.detail().contains("not an HTTP/1.x status line"), r.detail());
    }

    @Test
    void aBackendThatSaysNothingFailsAtTheTimeout() throws Exception {
        Probe.Result r = probeAgainst(null, new CompletableFuture<>(), Duration.ofMillis(200));
        assertFalse(r.passed());
        assertTrue(r.detail().startsWith("timed out"), r.detail());
    }

    @Test
    void aClosedPortFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Probe.Result r = new HttpProbe().check(new Endpoint("127.0.0.1", port, 1), check(Duration.ofSeconds(2)))
                .toCompletableFuture().join();
        assertFalse(r.passed());
        assertEquals("connect refused", r.detail());
    }
}
