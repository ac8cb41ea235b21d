package io.flowstate.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared timing wheel, turned by hand on a hand-driven clock. */
class TimerWheelTest {
    private static final long MS = 1_000_000L;
    private static final long TICK = 5 * MS;

    private long now = 1_000 * MS;
    private final TimerWheel wheel = TimerWheel.manual(TICK, () -> now);

    private void passTo(long t) {
        now = t;
        wheel.advance(now);
    }

    @Test
    void anActionRunsOnceItsDelayHasPassedAndNotBefore() {
        long t0 = now;
        List<String> ran = new ArrayList<>();
        wheel.schedule(() -> ran.add("a"), 100 * MS);
        passTo(t0 + 99 * MS);
        assertEquals(List.of(), ran, "not before its delay");
        passTo(t0 + 100 * MS + TICK);
        assertEquals(List.of("a"), ran, "within one tick after it");
        passTo(t0 + 10_000 * MS);
        assertEquals(List.of("a"), ran, "once");
    }

    @Test
    void aTimerFartherThanOneTurnWaitsItsRounds() {
        long t0 = now;
        long turn = TimerWheel.BUCKETS * TICK;
        List<String> ran = new ArrayList<>();
        wheel.schedule(() -> ran.add("far"), 3 * turn + 7 * MS);
        passTo(t0 + 3 * turn);
        assertEquals(List.of(), ran, "three turns are not enough");
        passTo(t0 + 3 * turn + 7 * MS + TICK);
        assertEquals(List.of("far"), ran);
    }

    @Test
    void aCancelledTimerNeverRunsWhetherItWasInABucketOrNotYet() {
        long t0 = now;
        List<String> ran = new ArrayList<>();
        Runnable early = wheel.schedule(() -> ran.add("early"), 50 * MS);
        early.run();                                          // cancelled before the wheel saw it
        Runnable late = wheel.schedule(() -> ran.add("late"), 50 * MS);
        wheel.schedule(() -> ran.add("kept"), 50 * MS);
        passTo(t0 + 10 * MS);                                  // now in their bucket
        late.run();
        passTo(t0 + 100 * MS);
        assertEquals(List.of("kept"), ran);
    }

    @Test
    void actionsDueInOneTickRunAndAThrowingOneDoesNotStopTheOthers() {
        long t0 = now;
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            wheel.schedule(() -> {
                if (n == 2) {
                    throw new IllegalStateException("test: a broken action");
                }
                ran.add(n);
            }, 20 * MS);
        }
        passTo(t0 + 30 * MS);
        assertEquals(4, ran.size());
    }

    @Test
    void aZeroOrNegativeDelayRunsAtTheNextTick() {
        List<String> ran = new ArrayList<>();
        wheel.schedule(() -> ran.add("now"), -5);
        passTo(now + TICK);
        assertEquals(List.of("now"), ran);
    }

    @Test
    void aClosedWheelRefusesNewTimers() {
        wheel.close();
        assertThrows(IllegalStateException.class, () -> wheel.schedule(() -> { }, 1));
    }

    @Test
    void theThreadedWheelRunsActionsOnItsOwn() throws Exception {
        try (TimerWheel real = new TimerWheel(TimeUnit.MILLISECONDS.toNanos(1), Ticker.system(), "test-timer")) {
            CountDownLatch ran = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                real.schedule(ran::countDown, TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertTrue(ran.await(10, TimeUnit.SECONDS));
        }
    }
}
