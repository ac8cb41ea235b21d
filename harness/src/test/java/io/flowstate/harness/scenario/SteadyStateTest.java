package io.flowstate.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.harness.load.Second;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The warm-up rule: throughput spread, JIT quiet, the minimum; and drift in the measured window. */
class SteadyStateTest {

    /** Feeds per-second counts; returns the first second at which the rule said settled, or -1. */
    private static int settlesAt(SteadyState s, long... perSecond) {
        for (int i = 0; i < perSecond.length; i++) {
            if (s.settled(i + 1, perSecond[i])) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void settlesOnceTheLastFiveSecondsAreWithinFivePercent() {
        SteadyState s = new SteadyState(Duration.ZERO, JitCounter.none(), () -> { });
        assertEquals(7, settlesAt(s, 100, 500, 1000, 1010, 1020, 1000, 1030, 1000));
        SteadyState.Verdict v = s.verdict(Duration.ofSeconds(7));
        assertTrue(v.settled());
        assertTrue(v.spread() <= SteadyState.MAX_SPREAD, "spread " + v.spread());
        assertEquals(-1, v.jitCompiles(), "not a JVM");
    }

    @Test
    void aClimbingThroughputNeverSettlesAndTheVerdictSaysSo() {
        SteadyState s = new SteadyState(Duration.ZERO, JitCounter.none(), () -> { });
        assertEquals(-1, settlesAt(s, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700));
        SteadyState.Verdict v = s.verdict(Duration.ofSeconds(8));
        assertFalse(v.settled());
        assertTrue(v.spread() > SteadyState.MAX_SPREAD, "spread " + v.spread());
    }

    @Test
    void waitsForTheJitToGoQuietEvenWhenThroughputIsFlat() {
        AtomicLong compiles = new AtomicLong(0);
        long[] perSecond = {400, 300, 200, 100, 50, 20, 5, 1, 0, 0, 0, 0};
        List<Long> seconds = new ArrayList<>();
        SteadyState s = new SteadyState(Duration.ZERO, compiles::get, () -> { });
        int settled = -1;
        for (int i = 0; i < perSecond.length && settled < 0; i++) {
            compiles.addAndGet(perSecond[i]);               // what the JIT did during second i + 1
            seconds.add(compiles.get());
            if (s.settled(i + 1, 1000)) {
                settled = i + 1;
            }
        }
        // At most 10 compilations over the last 5 s: seconds 7..11 compiled 5 + 1 = 6.
        assertEquals(11, settled, "compile counts " + seconds);
        assertEquals(6, s.verdict(Duration.ofSeconds(11)).jitCompiles());
    }

    @Test
    void neverSettlesBeforeTheMinimumNorBeforeAWholeWindow() {
        SteadyState atLeastEight = new SteadyState(Duration.ofSeconds(8), JitCounter.none(), () -> { });
        assertEquals(8, settlesAt(atLeastEight, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000));
        SteadyState noMinimum = new SteadyState(Duration.ZERO, JitCounter.none(), () -> { });
        assertEquals(SteadyState.WINDOW_SECONDS, settlesAt(noMinimum, 1000, 1000, 1000, 1000, 1000, 1000));
    }

    @Test
    void anUnreadableJitCounterLeavesTheRuleToThroughput() {
        SteadyState s = new SteadyState(Duration.ZERO, () -> -1, () -> { });
        assertEquals(5, settlesAt(s, 10, 10, 10, 10, 10));
        assertEquals(-1, s.verdict(Duration.ofSeconds(5)).jitCompiles());
    }

    @Test
    void driftComparesTheFirstAndLastMeasuredSeconds() {
        assertEquals(0.5, SteadyState.drift(timeline(1000, 1200, 1500)), 1e-9);
        assertEquals(0.1, SteadyState.drift(timeline(1000, 5, 900)), 1e-9);
        assertEquals(0, SteadyState.drift(timeline(1000)), "one second cannot drift");
        assertEquals(0, SteadyState.drift(timeline(0, 0)));
        assertTrue(Double.isInfinite(SteadyState.drift(timeline(0, 10))));
    }

    static List<Second> timeline(long... completed) {
        List<Second> t = new ArrayList<>();
        for (int i = 0; i < completed.length; i++) {
            t.add(new Second(i, completed[i], 0, Map.of(), 100));
        }
        return t;
    }
}
