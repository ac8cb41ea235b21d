package io.flowstate.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.OutlierConfig;
import io.flowstate.core.config.PassiveConfig;
import org.junit.jupiter.api.Test;

class FailureStreaksTest {
    private static final OutlierConfig OUTLIER = new OutlierConfig(3, 2, OutlierConfig.DEFAULT_INTERVAL,
            OutlierConfig.SuccessRate.OFF, OutlierConfig.Latency.OFF);

    @Test
    void localOriginFailuresEjectAtThePassiveThreshold() {
        FailureStreaks s = new FailureStreaks();
        PassiveConfig passive = new PassiveConfig(3, false);
        assertNull(s.record(Outcome.CONNECT_FAILURE, passive, OutlierConfig.OFF));
        assertNull(s.record(Outcome.RESET, passive, OutlierConfig.OFF));
        String reason = s.record(Outcome.TIMEOUT, passive, OutlierConfig.OFF);
        assertTrue(reason.startsWith("3 consecutive failures"), reason);
    }

    @Test
    void aSuccessResetsEveryCount() {
        FailureStreaks s = new FailureStreaks();
        PassiveConfig passive = new PassiveConfig(2, false);
        s.record(Outcome.CONNECT_FAILURE, passive, OUTLIER);
        s.record(Outcome.SERVER_ERROR, passive, OUTLIER);
        s.record(Outcome.SUCCESS, passive, OUTLIER);
        assertEquals(0, s.localOrigin());
        assertEquals(0, s.upstream5xx());
        assertNull(s.record(Outcome.CONNECT_FAILURE, passive, OUTLIER), "the count started again");
    }

    @Test
    void fiveHundredsAreToldApartFromLocalOriginFailures() {
        FailureStreaks s = new FailureStreaks();
        PassiveConfig passive = new PassiveConfig(2, false);
        s.record(Outcome.SERVER_ERROR, passive, OUTLIER);
        s.record(Outcome.SERVER_ERROR, passive, OUTLIER);
        assertEquals(0, s.localOrigin(), "5xx do not count for passive health unless include5xx");
        assertEquals("3 consecutive 5xx", s.record(Outcome.SERVER_ERROR, passive, OUTLIER));
    }

    @Test
    void gatewayFailuresHaveTheirOwnThreshold() {
        FailureStreaks s = new FailureStreaks();
        PassiveConfig passive = PassiveConfig.OFF;
        assertNull(s.record(Outcome.GATEWAY_ERROR, passive, OUTLIER));
        assertEquals("2 consecutive gateway failures", s.record(Outcome.GATEWAY_ERROR, passive, OUTLIER));
        s.record(Outcome.SERVER_ERROR, passive, OUTLIER);
        assertEquals(0, s.gatewayFailures(), "a 500 breaks a run of 502/503/504");
        assertEquals(3, s.upstream5xx(), "but not a run of 5xx");
    }

    @Test
    void include5xxCountsAnswersForPassiveHealth() {
        FailureStreaks s = new FailureStreaks();
        PassiveConfig passive = new PassiveConfig(2, true);
        s.record(Outcome.SERVER_ERROR, passive, OutlierConfig.OFF);
        assertTrue(s.record(Outcome.CONNECT_FAILURE, passive, OutlierConfig.OFF).startsWith("2 consecutive"));
    }

    @Test
    void cancellationsSayNothing() {
        FailureStreaks s = new FailureStreaks();
        PassiveConfig passive = new PassiveConfig(2, false);
        s.record(Outcome.CONNECT_FAILURE, passive, OUTLIER);
        assertNull(s.record(Outcome.CANCELLED, passive, OUTLIER));
        assertEquals(1, s.localOrigin());
    }
}
