package io.flowstate.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EjectionTest {
    private static final long S = 1_000_000_000L;
    private static final long BASE = 10 * S;
    private static final long MAX = 35 * S;

    @Test
    void ejectionTimeGrowsWithEachEjectionInARowUpToTheCap() {
        Ejection e = new Ejection();
        long now = 0;
        long[] expected = {10, 20, 30, 35, 35};
        for (long span : expected) {
            long until = e.eject(now, BASE, MAX);
            assertEquals(span * S, until - now);
            assertTrue(e.isEjected());
            assertFalse(e.expire(until - 1), "still out one nanosecond before the end");
            assertTrue(e.expire(until));
            assertTrue(e.onProbation());
            now = until + S;                                  // fails again soon after returning
        }
    }

    @Test
    void aSuccessOnProbationEndsItAndACleanPeriodForgetsTheCount() {
        Ejection e = new Ejection();
        long until = e.eject(0, BASE, MAX);
        e.expire(until);
        e.succeeded();
        assertFalse(e.onProbation());
        long later = until + MAX;                             // in for the whole max since it returned
        assertEquals(BASE, e.eject(later, BASE, MAX) - later, "back to the base time");
        assertEquals(1, e.count());
    }

    @Test
    void theCountIsKeptWhenTheEndpointFailsSoonAfterItsProbation() {
        Ejection e = new Ejection();
        long until = e.eject(0, BASE, MAX);
        e.expire(until);
        e.succeeded();
        long soon = until + S;
        assertEquals(2 * BASE, e.eject(soon, BASE, MAX) - soon);
    }

    @Test
    void aHugeCountDoesNotOverflow() {
        Ejection e = new Ejection();
        long now = 0;
        for (int i = 0; i < 100; i++) {
            long until = e.eject(now, Long.MAX_VALUE / 4, Long.MAX_VALUE / 2);
            assertTrue(until - now > 0 && until - now <= Long.MAX_VALUE / 2);
            e.expire(until);
            now = until;
        }
    }
}
