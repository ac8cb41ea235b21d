package io.flowstate.core.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.BreakerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final long S = 1_000_000_000L;
    private final CircuitBreaker breaker = new CircuitBreaker(
            new BreakerConfig(Duration.ofSeconds(10), 0.5, 4, Duration.ofSeconds(5), 2, 0));

    @Test
    void closedToOpenWhenTheWindowHoldsEnoughFailures() {
        assertNull(breaker.record(true, 0));
        assertNull(breaker.record(true, 0));
        assertNull(breaker.record(false, 0), "three tries: under the minimum of four");
        assertEquals(CircuitBreaker.State.OPEN, breaker.record(false, 0), "2 of 4 failed: 50%");
        assertFalse(breaker.tryAcquire(S));
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        breaker.record(true, 0);
        breaker.record(true, 0);
        breaker.record(true, 0);
        assertNull(breaker.record(false, 11 * S), "the three failures are more than 10 s old");
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void belowTheRatioStaysClosed() {
        for (int i = 0; i < 10; i++) {
            assertNull(breaker.record(i >= 6, i * S / 10), "successes first, then 4 of 10 failed");
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            breaker.record(true, 0);
        }
    }

    @Test
    void openToHalfOpenAfterOpenForThenClosedWhenTrialsPass() {
        open();
        assertFalse(breaker.tryAcquire(5 * S - 1));
        assertTrue(breaker.tryAcquire(5 * S));
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire(5 * S));
        assertFalse(breaker.tryAcquire(5 * S), "only two trials");
        assertNull(breaker.record(false, 6 * S));
        assertEquals(CircuitBreaker.State.CLOSED, breaker.record(false, 6 * S));
        assertTrue(breaker.tryAcquire(6 * S));
        assertNull(breaker.record(true, 6 * S), "closed with an empty window: one failure is not enough");
    }

    @Test
    void halfOpenToOpenOnTheFirstFailedTrial() {
        open();
        assertTrue(breaker.halfOpenIfDue(5 * S));
        assertTrue(breaker.tryAcquire(5 * S));
        assertEquals(CircuitBreaker.State.OPEN, breaker.record(true, 6 * S));
        assertFalse(breaker.tryAcquire(10 * S), "open again for another 5 s from 6 s");
        assertTrue(breaker.tryAcquire(11 * S));
    }
}
