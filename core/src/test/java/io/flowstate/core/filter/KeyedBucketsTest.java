package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** KeyedBuckets: a bucket per key, the bound on how many are kept, and that dropping full buckets changes no decision. */
class KeyedBucketsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 3 * SECOND;

    @Test
    void eachKeyHasItsOwnBucket() {
        KeyedBuckets table = new KeyedBuckets(1_000, 2, 100, T0);   // 1/s, burst 2
        assertEquals(0, table.tryTake("a", T0));
        assertEquals(0, table.tryTake("a", T0));
        assertEquals(SECOND, table.tryTake("a", T0));
        assertEquals(0, table.tryTake("b", T0), "b is not held back by a");
        assertEquals(2, table.size());
        assertEquals(0, table.overflowed());
    }

    @Test
    void atTheBoundFullBucketsAreDroppedAndTheNewKeyGetsItsOwn() {
        KeyedBuckets table = new KeyedBuckets(1_000, 1, 2, T0);
        assertEquals(0, table.tryTake("a", T0));
        assertEquals(0, table.tryTake("b", T0 + SECOND / 2));
        // At T0 + 1 s, a is full again (one token per second), b is not.
        assertEquals(0, table.tryTake("c", T0 + SECOND));
        assertEquals(2, table.size(), "a was dropped to make room for c");
        assertEquals(0, table.overflowed());
        assertEquals(SECOND / 2, table.tryTake("b", T0 + SECOND), "b kept its state");
    }

    @Test
    void atTheBoundWithEveryKeyActiveNewKeysShareTheOverflowBucket() {
        KeyedBuckets table = new KeyedBuckets(1_000, 1, 2, T0);
        assertEquals(0, table.tryTake("a", T0));
        assertEquals(0, table.tryTake("b", T0));
        assertEquals(0, table.tryTake("c", T0), "the overflow bucket's one token");
        assertEquals(SECOND, table.tryTake("d", T0), "d shares it with c");
        assertEquals(2, table.size());
        assertEquals(2, table.overflowed());
    }

    @Test
    void aFullTableIsSweptAtMostOncePerInterval() {
        KeyedBuckets table = new KeyedBuckets(1_000_000, 1, 1, T0);  // 1000/s: full 1 ms after a take
        assertEquals(0, table.tryTake("a", T0));
        assertEquals(0, table.tryTake("b", T0 + 1), "overflow: a is not full yet; this sweep found nothing");
        long later = T0 + SECOND / 2;
        assertEquals(0, table.tryTake("c", later), "a is full now, but the last sweep was half a second ago");
        assertEquals(1, table.size());
        assertEquals(2, table.overflowed());
        assertEquals(0, table.tryTake("d", T0 + 1 + KeyedBuckets.SWEEP_INTERVAL_NANOS), "a full, swept, d gets room");
        assertEquals(2, table.overflowed());
        assertEquals(1, table.size());
    }

    @Test
    void theBoundMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedBuckets(1_000, 1, 0, T0));
    }

    // ---- property: the bound never changes a decision until the overflow bucket is used

    record Step(long advanceNanos, int key, int requests) {
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Long> advance = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0L)),
                Tuple.of(4, Arbitraries.longs().between(1, SECOND)),
                Tuple.of(2, Arbitraries.longs().between(SECOND, 30 * SECOND)));
        return Combinators.combine(advance, Arbitraries.integers().between(0, 7), Arbitraries.integers().between(1, 4))
                .as(Step::new).list().ofMaxSize(80);
    }

    @Property(tries = 500)
    void droppingFullBucketsIsInvisible(@ForAll @LongRange(min = 100, max = 10_000) long milliRate,
                                        @ForAll @IntRange(min = 1, max = 5) int burst,
                                        @ForAll @IntRange(min = 1, max = 4) int maxKeys,
                                        @ForAll("schedules") List<Step> steps) {
        KeyedBuckets bounded = new KeyedBuckets(milliRate, burst, maxKeys, T0);
        KeyedBuckets unbounded = new KeyedBuckets(milliRate, burst, Integer.MAX_VALUE, T0);
        long now = T0;
        for (Step step : steps) {
            now += step.advanceNanos();
            for (int i = 0; i < step.requests(); i++) {
                long expected = unbounded.tryTake(step.key(), now);
                long actual = bounded.tryTake(step.key(), now);
                assertTrue(bounded.size() <= maxKeys, "size " + bounded.size() + " over " + maxKeys);
                if (bounded.overflowed() > 0) {
                    return;                                  // decided by the shared bucket: no longer comparable
                }
                assertEquals(expected, actual, "key " + step.key() + " at " + (now - T0) + " ns");
            }
        }
    }
}
