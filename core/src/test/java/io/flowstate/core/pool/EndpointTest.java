package io.flowstate.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An endpoint's load: the counter the proxy path pairs, and the latency it samples. */
class EndpointTest {

    @Test
    void acquireAndReleaseCount() {
        Endpoint e = new Endpoint("10.0.0.1", 80, 1);
        e.acquire();
        e.acquire();
        assertEquals(2, e.outstanding());
        e.release();
        e.release();
        assertEquals(0, e.outstanding());
    }

    @Test
    void releaseWithoutAcquireNamesTheEndpointAndLeavesZero() {
        Endpoint e = new Endpoint("10.0.0.1", 80, 1);
        IllegalStateException x = assertThrows(IllegalStateException.class, e::release);
        assertTrue(x.getMessage().contains("10.0.0.1:80"), x.getMessage());
        assertEquals(0, e.outstanding());
    }

    @Test
    void latencyIsFromSendToEnd() {
        Endpoint e = new Endpoint("10.0.0.1", 80, 1, 1_000_000_000L);
        e.observeLatency(5_000, 12_000);
        assertEquals(7_000.0, e.latency().costNanos(12_000));
        assertEquals(1_000_000_000L, e.latency().decayNanos());
    }

    @Test
    void defaultDecayIsPeakEwmasDefault() {
        assertEquals(PeakEwma.DEFAULT_DECAY_NANOS, new Endpoint("h", 1, 1).latency().decayNanos());
    }

    @Test
    void keyBracketsIpv6() {
        assertEquals("[::1]:9001", new Endpoint("::1", 9001, 1).key());
        assertEquals("a.example:80 w=3", new Endpoint("a.example", 80, 3).toString());
    }
}
