package io.flowstate.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.PanicConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PanicGuardTest {
    private static final long S = 1_000_000_000L;
    private final PanicGuard guard = new PanicGuard(new PanicConfig(50, true, Duration.ofSeconds(5)));

    @Test
    void panicsTheMomentTooFewAreAvailable() {
        assertFalse(guard.update(2, 4, 0), "half is not below half");
        assertTrue(guard.update(1, 4, 0));
        assertTrue(guard.inPanic());
    }

    @Test
    void leavesOnlyAfterTheCooldownAboveTheThreshold() {
        guard.update(1, 4, 0);
        assertFalse(guard.update(3, 4, S));
        assertEquals(6 * S, guard.exitDueNanos());
        assertFalse(guard.update(3, 4, 6 * S - 1));
        assertTrue(guard.update(3, 4, 6 * S));
        assertFalse(guard.inPanic());
    }

    @Test
    void aDipDuringTheCooldownStartsItAgain() {
        guard.update(1, 4, 0);
        guard.update(3, 4, S);
        guard.update(1, 4, 3 * S);                            // flaps down: still in panic
        guard.update(3, 4, 4 * S);
        assertFalse(guard.update(3, 4, 8 * S), "the cooldown counts from 4 s, not 1 s");
        assertTrue(guard.update(3, 4, 9 * S));
    }

    @Test
    void thresholdZeroNeverPanics() {
        PanicGuard never = new PanicGuard(new PanicConfig(0, false, Duration.ofSeconds(5)));
        assertFalse(never.update(0, 4, 0));
        assertFalse(never.inPanic());
    }
}
