package io.flowstate.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading wrk's and wrk2's output: throughput, and the p99 of --latency in microseconds. */
class CrossCheckTest {
    private static final Path LOG = Path.of("wrk.txt");

    @Test
    void readsWrksThroughputAndP99() throws IOException {
        String out = """
                Running 1s test @ http://127.0.0.1:8080/
                  1 threads and 10 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency   247.32us  126.18us   3.01ms   91.50%
                    Req/Sec    38.37k     2.03k   40.90k    70.00%
                  Latency Distribution
                     50%  223.00us
                     75%  255.00us
                     90%  312.00us
                     99%  734.00us
                  38172 requests in 1.00s, 4.51MB read
                Requests/sec:  38164.72
                Transfer/sec:      4.51MB
                """;
        CrossCheck.Measured m = CrossCheck.parse(out, LOG);
        assertEquals(38164.72, m.rps(), 1e-9);
        assertEquals(734, m.p99Micros(), 1e-9);
    }

    @Test
    void readsWrk2sRecordedLatencyNotItsSpectrum() throws IOException {
        String out = """
                  Thread calibration: mean lat.: 1.032ms, rate sampling interval: 10ms
                    Latency     1.01ms  462.41us   4.12ms   68.25%
                  Latency Distribution (HdrHistogram - Recorded Latency)
                 50.000%    0.97ms
                 90.000%    1.61ms
                 99.000%    2.29ms
                 99.900%    3.11ms
                100.000%    4.12ms

                  Detailed Percentile spectrum:
                       Value   Percentile   TotalCount 1/(1-Percentile)
                       2.290     0.990000         9900       100.00
                  9999 requests in 10.00s, 1.18MB read
                Requests/sec:   1000.02
                """;
        CrossCheck.Measured m = CrossCheck.parse(out, LOG);
        assertEquals(1000.02, m.rps(), 1e-9);
        assertEquals(2290, m.p99Micros(), 1e-6);
    }

    @Test
    void noThroughputIsAFailureNamingTheLogAndNoP99IsNaN() throws IOException {
        IOException e = assertThrows(IOException.class, () -> CrossCheck.parse("unable to connect", LOG));
        assertTrue(e.getMessage().contains("wrk.txt"), e.getMessage());
        assertTrue(Double.isNaN(CrossCheck.parse("Requests/sec: 10\n", LOG).p99Micros()));
    }

    @Test
    void throughputWithinFifteenPercentAgrees() {
        assertTrue(new CrossCheck("wrk", "closed x1", 1, 1150, 1000, 100, 100).agrees());
        assertFalse(new CrossCheck("wrk", "closed x1", 1, 1170, 1000, 100, 100).agrees());
    }
}
