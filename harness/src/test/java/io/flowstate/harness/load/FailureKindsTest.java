package io.flowstate.harness.load;

import static io.flowstate.harness.load.TestSpecs.assertAccounted;
import static io.flowstate.harness.load.TestSpecs.closedLoop;
import static io.flowstate.harness.load.TestSpecs.openLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Refused connections, resets and timeouts are each counted under their own kind. */
class FailureKindsTest {

    @Test
    void refusedConnectionsAreConnectErrorsInClosedLoop() throws Exception {
        LoadResult r = LoadGenerator.run(closedLoop(closedPort(), 2, true, 500, 1000), null, Progress.none());

        assertAccounted(r);
        assertEquals(0, r.completed());
        assertTrue(r.sent() > 0, "sent " + r.sent());
        assertEquals(r.sent(), r.errorsByKind().get(LoadResult.CONNECT));
    }

    @Test
    void refusedConnectionsAreConnectErrorsInOpenLoop() throws Exception {
        LoadResult r = LoadGenerator.run(openLoop(closedPort(), 2, 100, 1000, 1000), null, Progress.none());

        assertAccounted(r);
        assertEquals(r.sent(), r.errorsByKind().get(LoadResult.CONNECT));
        assertTrue(Math.abs(r.sent() - 100) <= 1, "one attempt per scheduled request, sent " + r.sent());
    }

    @Test
    void aResetMidResponseIsAResetError() throws Exception {
        byte[] partial = TestServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        try (TestServer server = TestServer.start((n, socket, out) -> {
            out.write(partial);
            out.flush();
            socket.setSoLinger(true, 0);
            return false;
        })) {
            LoadResult r = LoadGenerator.run(closedLoop(server.address(), 1, true, 500, 1000), null, Progress.none());

            assertAccounted(r);
            assertEquals(0, r.completed());
            assertTrue(r.sent() > 0, "sent " + r.sent());
            assertEquals(r.sent(), r.errorsByKind().get(LoadResult.RESET));
        }
    }

    @Test
    void aServerThatNeverAnswersCausesTimeoutsInClosedLoop() throws Exception {
        try (TestServer server = TestServer.start(FailureKindsTest::hang)) {
            LoadResult r = LoadGenerator.run(closedLoop(server.address(), 2, true, 600, 200), null, Progress.none());

            assertAccounted(r);
            assertEquals(0, r.completed());
            assertTrue(r.sent() >= 2, "sent " + r.sent());
            assertEquals(r.sent(), r.errorsByKind().get(LoadResult.TIMEOUT));
        }
    }

    @Test
    void requestsWaitingForABusyConnectionTimeOutInOpenLoop() throws Exception {
        try (TestServer server = TestServer.start(FailureKindsTest::hang)) {
            LoadResult r = LoadGenerator.run(openLoop(server.address(), 1, 50, 600, 200), null, Progress.none());

            assertAccounted(r);
            assertEquals(0, r.completed());
            assertTrue(Math.abs(r.sent() - 30) <= 1, "sent " + r.sent());
            assertEquals(r.sent(), r.errorsByKind().get(LoadResult.TIMEOUT), "in flight and backlogged alike");
        }
    }

    /** Reads nothing more and answers nothing; returns when the client closes. */
    private static boolean hang(int n, java.net.Socket socket, java.io.OutputStream out) throws IOException {
        while (socket.getInputStream().read() >= 0) {
            // discard
        }
        return false;
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }
}
