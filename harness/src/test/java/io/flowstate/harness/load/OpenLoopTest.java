package io.flowstate.harness.load;

import static io.flowstate.harness.load.TestSpecs.assertAccounted;
import static io.flowstate.harness.load.TestSpecs.openLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Open loop: the schedule, and latency corrected for coordinated omission. */
class OpenLoopTest {

    /**
     * The schedule fixes the number of requests: request i is intended at start + i / rate, and
     * those intended inside the window are sent. Tolerance: one request, for where the window's
     * edges fall between two intended times.
     */
    @Test
    void sendsRateTimesDurationRequestsToAFastServer() throws Exception {
        try (TestServer server = TestServer.ok("a")) {
            LoadResult r = LoadGenerator.run(openLoop(server.address(), 4, 400, 2000, 5000), null, Progress.none());

            assertAccounted(r);
            assertTrue(Math.abs(r.sent() - 800) <= 1, "sent " + r.sent() + ", expected 800 +- 1");
            assertEquals(r.sent(), r.completed(), r.errorsByKind().toString());
            assertEquals(2, r.timeline().size());
        }
    }

    /**
     * One connection, 500 requests a second, and a server that stalls once for 500 ms. About 250
     * requests are intended during the stall and wait; measured from their intended time they
     * show the stall, measured from when they were written they do not. The stalled request
     * itself is slow both ways, so only a percentile separates the two, not the maximum.
     */
    @Test
    void correctedLatencyShowsAStallThatUncorrectedLatencyHides() throws Exception {
        byte[] ok = TestServer.ok200("a");
        try (TestServer server = TestServer.start((n, socket, out) -> {
            if (n == 150) {
                Thread.sleep(500);
            }
            out.write(ok);
            return true;
        })) {
            LoadResult r = LoadGenerator.run(openLoop(server.address(), 1, 500, 2000, 5000), null, Progress.none());

            assertAccounted(r);
            assertEquals(r.sent(), r.completed(), r.errorsByKind().toString());
            long corrected = r.corrected().getValueAtPercentile(99);
            long uncorrected = r.uncorrected().getValueAtPercentile(99);
            assertTrue(corrected > 5 * uncorrected, "p99 corrected " + corrected + " us, uncorrected " + uncorrected + " us");
            assertTrue(r.corrected().getMean() > 5 * r.uncorrected().getMean(), "means");
            assertTrue(r.corrected().getMaxValue() >= r.uncorrected().getMaxValue(), "max");
        }
    }
}
