package io.flowstate.engine.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-loop timers, on a hand-driven clock: the loop's own time is the test's. */
class LoopTimerTest {
    private static final long MS = 1_000_000L;

    private final LoopTimer timer = new LoopTimer(null);
    private final List<String> fired = new ArrayList<>();

    private final class Named extends LoopTimer.Node {
        final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        void fire() {
            fired.add(name);
        }
    }

    @Test
    void timersOfOneDurationFireInTheOrderTheyWereSet() {
        Named a = new Named("a");
        Named b = new Named("b");
        Named c = new Named("c");
        timer.set(a, 0, 100 * MS);
        timer.set(b, 10 * MS, 100 * MS);
        timer.set(c, 20 * MS, 100 * MS);
        assertEquals(100 * MS, timer.untilNext(0));
        timer.expire(105 * MS);
        assertEquals(List.of("a"), fired);
        timer.expire(200 * MS);
        assertEquals(List.of("a", "b", "c"), fired);
        assertEquals(-1, timer.untilNext(200 * MS), "none left");
    }

    @Test
    void theEarliestOfSeveralDurationsComesFirst() {
        timer.set(new Named("idle"), 0, 60_000 * MS);
        timer.set(new Named("head"), 0, 10_000 * MS);
        timer.set(new Named("connect"), 0, 1_000 * MS);
        assertEquals(1_000 * MS, timer.untilNext(0));
        timer.expire(10_000 * MS);
        assertEquals(java.util.Set.of("connect", "head"), java.util.Set.copyOf(fired), "both were due");
        assertEquals(2, fired.size());
        assertEquals(50_000 * MS, timer.untilNext(10_000 * MS));
    }

    @Test
    void aCancelledTimerNeverFiresAndCancellingTwiceIsNothing() {
        Named a = new Named("a");
        Named b = new Named("b");
        timer.set(a, 0, 10 * MS);
        timer.set(b, 0, 10 * MS);
        timer.cancel(a);
        timer.cancel(a);
        assertFalse(a.armed());
        timer.expire(20 * MS);
        assertEquals(List.of("b"), fired);
        assertFalse(b.armed(), "a fired timer is disarmed");
    }

    @Test
    void settingAnArmedTimerAgainMovesItsDeadline() {
        Named head = new Named("head");
        timer.set(head, 0, 10 * MS);
        timer.set(head, 8 * MS, 10 * MS);                     // re-armed: due at 18 ms now
        timer.expire(12 * MS);
        assertTrue(fired.isEmpty());
        timer.expire(18 * MS);
        assertEquals(List.of("head"), fired);
    }

    @Test
    void durationsBeyondTheListsKeepDeadlineOrder() {
        for (int i = 0; i < LoopTimer.LISTS; i++) {
            timer.set(new Named("list" + i), 0, (1_000 + 100 * i) * MS);   // fills every list
        }
        timer.set(new Named("late"), 0, 50 * MS);
        timer.set(new Named("early"), 0, 20 * MS);
        timer.set(new Named("middle"), 0, 30 * MS);
        assertEquals(20 * MS, timer.untilNext(0));
        timer.expire(60 * MS);
        assertEquals(List.of("early", "middle", "late"), fired);
    }

    @Test
    void durationsAMomentApartShareOneListAndFireWithinItsTolerance() {
        long thirty = 30_000 * MS;
        timer.set(new Named("a"), 0, thirty);
        timer.set(new Named("b"), 1 * MS, thirty - 5_000);         // "30 s" less a few microseconds
        timer.set(new Named("c"), 2 * MS, thirty - 3_000_000);     // 3 ms short: still within 30 s / 1000
        for (int i = 1; i < LoopTimer.LISTS; i++) {
            timer.set(new Named("other" + i), 0, (1_000 * i) * MS);  // the other lists, all taken
        }
        timer.set(new Named("d"), 3 * MS, thirty);                 // so not the overflow list either
        timer.expire(thirty + 3 * MS + LoopTimer.tolerance(thirty));
        assertTrue(fired.containsAll(List.of("a", "b", "c", "d")), "all four fired: " + fired);
    }
}
