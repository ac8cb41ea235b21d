package io.flowstate.harness.load;

import static io.flowstate.harness.load.TestSpecs.assertAccounted;
import static io.flowstate.harness.load.TestSpecs.closedLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Closed loop against healthy servers: counts, backends, keep-alive on and off. */
class ClosedLoopTest {

    @Test
    void completesRequestsOnEveryConnectionAndCountsBackends() throws Exception {
        byte[][] answers = {TestServer.ok200("a"), TestServer.ok200("b"), TestServer.ok200(null)};
        try (TestServer server = TestServer.start((n, socket, out) -> {
            out.write(answers[n % 3]);
            return true;
        })) {
            LoadResult r = LoadGenerator.run(closedLoop(server.address(), 4, true, 1000, 5000), null, Progress.none());

            assertAccounted(r);
            assertTrue(r.completed() > 30, "completed " + r.completed());
            assertEquals(0, r.errors() + r.statusErrors(), r.errorsByKind().toString());
            assertEquals(Set.of("a", "b", "-"), r.backendCounts().keySet());
            assertTrue(r.backendCounts().values().stream().allMatch(c -> c >= 10), r.backendCounts().toString());
            assertEquals(r.completed(), r.statusCounts().get(200));
            assertEquals(4, server.accepts(), "one connection per slot, kept alive");
            assertEquals(1, r.timeline().size());
            assertTrue(r.generatorCpuShare() >= 0, "cpu share " + r.generatorCpuShare());
        }
    }

    @Test
    void keepAliveOffOpensOneConnectionPerRequest() throws Exception {
        try (TestServer server = TestServer.ok("a")) {
            LoadResult r = LoadGenerator.run(closedLoop(server.address(), 2, false, 1000, 5000), null, Progress.none());

            assertAccounted(r);
            assertEquals(0, r.errors(), r.errorsByKind().toString());
            assertTrue(r.sent() > 10, "sent " + r.sent());
            assertEquals(r.sent(), server.accepts(), "one accepted connection per request");
            assertEquals(server.requests(), server.closeRequests(), "every request said Connection: close");
        }
    }

    @Test
    void countsEveryOutcomeOnceWhatever5xxResetsAndClosesTheServerMixes() throws Exception {
        byte[] unavailable = TestServer.ascii("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
        byte[] partial = TestServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        byte[] closing = TestServer.ascii("HTTP/1.1 200 OK\r\nConnection: close\r\nX-Backend: c\r\n\r\nto the end");
        byte[] chunked = TestServer.ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Backend: b\r\n\r\n"
                + "5;x=1\r\nhello\r\n0\r\nTrailer: t\r\n\r\n");
        try (TestServer server = TestServer.start((n, socket, out) -> switch (n % 5) {
            case 0 -> {
                out.write(TestServer.ok200("a"));
                yield true;
            }
            case 1 -> {
                out.write(unavailable);
                yield true;
            }
            case 2 -> {
                out.write(partial);
                out.flush();
                socket.setSoLinger(true, 0); // close with RST, mid-body
                yield false;
            }
            case 3 -> {
                out.write(closing);       // no length: the body ends with the connection
                yield false;
            }
            default -> {
                out.write(chunked);
                yield true;
            }
        })) {
            LoadResult r = LoadGenerator.run(closedLoop(server.address(), 3, true, 1000, 5000), null, Progress.none());

            assertAccounted(r);
            assertTrue(r.sent() > 50, "sent " + r.sent());
            assertEquals(r.errors(), r.errorsByKind().get(LoadResult.RESET), "only resets fail");
            assertTrue(r.errors() > 0, "some resets");
            assertEquals(r.statusCounts().get(503), r.errorsByKind().get(LoadResult.STATUS));
            assertTrue(r.statusErrors() > 0, "some 503s, completed and counted as status errors");
            assertEquals(Set.of("a", "b", "c", "-"), r.backendCounts().keySet());
        }
    }
}
