package io.flowstate.core.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActiveHealthTest {

    @Test
    void theFirstResultDecidesAtOnce() {
        ActiveHealth starting = new ActiveHealth(true);
        assertTrue(starting.record(false, 2, 3), "one failed first probe is enough");
        assertFalse(starting.healthy());

        ActiveHealth waiting = new ActiveHealth(false);
        assertFalse(waiting.healthy(), "initial unhealthy: no traffic before a probe passes");
        assertTrue(waiting.record(true, 2, 3));
        assertTrue(waiting.healthy());
    }

    @Test
    void unhealthyAfterThresholdFailuresInARow() {
        ActiveHealth h = new ActiveHealth(true);
        h.record(true, 2, 3);
        assertFalse(h.record(false, 2, 3));
        assertFalse(h.record(false, 2, 3));
        assertTrue(h.healthy());
        assertTrue(h.record(false, 2, 3), "the third failure in a row");
        assertFalse(h.healthy());
    }

    @Test
    void aPassInBetweenResetsTheRun() {
        ActiveHealth h = new ActiveHealth(true);
        h.record(true, 2, 3);
        h.record(false, 2, 3);
        h.record(false, 2, 3);
        h.record(true, 2, 3);
        h.record(false, 2, 3);
        h.record(false, 2, 3);
        assertTrue(h.healthy(), "two, a pass, two: never three in a row");
    }

    @Test
    void healthyAgainAfterThresholdPassesInARow() {
        ActiveHealth h = new ActiveHealth(true);
        h.record(false, 2, 3);                                // first result: unhealthy at once
        assertFalse(h.record(true, 2, 3));
        assertFalse(h.healthy());
        assertTrue(h.record(true, 2, 3));
        assertTrue(h.healthy());
    }
}
