package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** TokenBucket: exact burst and refill arithmetic, no drift, exact waits, retirement, concurrent takes. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long TOKEN = TokenBucket.UNITS_PER_TOKEN;
    private static final long T0 = 77 * SECOND;

    /** Takes until refused; returns how many were taken. */
    private static int drain(TokenBucket bucket, long now) {
        int n = 0;
        while (bucket.tryTake(now) == 0) {
            n++;
        }
        return n;
    }

    /** The instant, after {@code start} on an empty bucket, at which the k-th token is whole: ceil(k * 10^12 / r) ns later. */
    private static long kth(long start, long k, long milliRate) {
        return start + Math.ceilDiv(k * TOKEN, milliRate);
    }

    @Test
    void aBurstOfNAdmitsExactlyNAtOneInstant() {
        TokenBucket bucket = new TokenBucket(2_000, 5, T0);          // 2/s, burst 5
        assertEquals(5, drain(bucket, T0));
        assertEquals(SECOND / 2, bucket.tryTake(T0), "the next token is half a second away");
    }

    @Test
    void thenOnePerIntervalExactly() {
        TokenBucket bucket = new TokenBucket(4_000, 3, T0);          // 4/s: one every 250 ms
        assertEquals(3, drain(bucket, T0));
        for (int k = 1; k <= 8; k++) {
            long due = T0 + k * 250_000_000L;
            assertEquals(1, bucket.tryTake(due - 1), "1 ns early, token " + k);
            assertEquals(0, bucket.tryTake(due), "on time, token " + k);
            assertEquals(250_000_000L, bucket.tryTake(due), "only one, token " + k);
        }
    }

    @Test
    void aRateThatIsNotAWholeNumberOfNanosecondsPerTokenDoesNotDrift() {
        // 3/s is one token every 333,333,333.3 ns. Taken as soon as each is whole, token n comes
        // at exactly ceil(n * 10^9 / 3) ns: token 3,000,000 (after 10^6 s) at exactly 10^15 ns.
        // (Burst 2, so that the bucket never reaches its cap, which would drop the fraction.)
        TokenBucket bucket = new TokenBucket(3_000, 2, T0);
        assertEquals(2, drain(bucket, T0));
        long n = 3_000_000;
        for (long k = 1; k <= n; k++) {
            long due = kth(T0, k, 3_000);
            assertEquals(0, bucket.tryTake(due), "token " + k);
        }
        assertEquals(T0 + 1_000_000L * SECOND, kth(T0, n, 3_000));
        assertEquals(SECOND / 3 + 1, bucket.tryTake(T0 + 1_000_000L * SECOND), "the next is 333,333,334 ns away");
    }

    @Test
    void fractionalRates() {
        TokenBucket slow = new TokenBucket(1, 1, T0);                // 0.001/s: one per 1000 s
        assertEquals(1, drain(slow, T0));
        assertEquals(1_000 * SECOND, slow.tryTake(T0));
        assertEquals(0, slow.tryTake(T0 + 1_000 * SECOND));

        TokenBucket half = new TokenBucket(500, 1, T0);              // 0.5/s
        assertEquals(1, drain(half, T0));
        assertEquals(2 * SECOND, half.tryTake(T0));
        assertEquals(SECOND, half.tryTake(T0 + SECOND));
    }

    @Test
    void refillStopsAtTheBurst() {
        TokenBucket bucket = new TokenBucket(1_000_000, 10, T0);     // 1000/s
        assertEquals(10, drain(bucket, T0));
        assertEquals(10, drain(bucket, T0 + 3_600 * SECOND), "an hour idle gives the burst, no more");
        assertEquals(10, drain(bucket, T0 + 3_600 * SECOND + Long.MAX_VALUE / 2), "nor does half of forever");
    }

    @Test
    void extremeRatesAndBurstsStayExact() {
        TokenBucket fastest = new TokenBucket(1_000_000_000L, 1_000_000, T0);   // 10^6/s, burst 10^6
        assertEquals(1_000_000, drain(fastest, T0));
        assertEquals(1_000, fastest.tryTake(T0), "one per microsecond");
        assertEquals(1_000_000, drain(fastest, T0 + 5 * SECOND));
        TokenBucket slowest = new TokenBucket(1, 1_000_000, T0);     // 0.001/s, burst 10^6
        assertEquals(0, slowest.tryTake(T0));
        assertEquals(1_000_000L * TOKEN, slowest.unitsAt(T0 + Long.MAX_VALUE), "no overflow at the longest gap");
    }

    @Test
    void aTickerThatWrapsPastLongMaxValueStillRefills() {
        long start = Long.MAX_VALUE - SECOND / 4;
        TokenBucket bucket = new TokenBucket(2_000, 1, start);
        assertEquals(1, drain(bucket, start));
        assertEquals(SECOND / 2, bucket.tryTake(start));
        assertEquals(0, bucket.tryTake(start + SECOND / 2), "Long.MIN_VALUE + SECOND / 4 after the wrap");
    }

    @Test
    void aStaleReadingCountsAsNoTimePassedAndIsNotCountedTwice() {
        TokenBucket bucket = new TokenBucket(1_000, 2, T0);          // 1/s, burst 2
        assertEquals(2, drain(bucket, T0));
        assertEquals(0, bucket.tryTake(T0 + SECOND));                // one token, taken at T0 + 1 s
        assertEquals(SECOND + SECOND / 2, bucket.tryTake(T0 + SECOND / 2),
                "an older reading sees the later state: the next token is 1.5 s after it");
        assertEquals(SECOND, bucket.tryTake(T0 + SECOND), "the second after T0 + 1 s starts from empty");
        assertEquals(0, bucket.tryTake(T0 + 2 * SECOND));
    }

    @Test
    void retireOnlyWhenFull() {
        TokenBucket bucket = new TokenBucket(1_000, 2, T0);
        assertEquals(0, bucket.tryTake(T0));
        assertFalse(bucket.retireIfFull(T0), "one token short");
        assertFalse(bucket.retireIfFull(T0 + SECOND - 1));
        assertTrue(bucket.retireIfFull(T0 + SECOND));
        assertTrue(bucket.retireIfFull(T0 + SECOND), "stays retired");
        assertEquals(TokenBucket.RETIRED, bucket.tryTake(T0 + 2 * SECOND));
        assertEquals(-1, bucket.unitsAt(T0 + 2 * SECOND));
    }

    @Test
    void argumentsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, T0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1_000_000_001L, 1, T0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, T0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 1_000_001, T0));
    }

    @Test
    void concurrentTakesAtOneInstantAdmitExactlyTheBurst() throws Exception {
        TokenBucket bucket = new TokenBucket(1_000, 1_000, T0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                admitted.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < 5_000; i++) {
                        if (bucket.tryTake(T0) == 0) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get();
            }
            assertEquals(1_000, total);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- properties

    /** One step of a schedule: move the clock, then make some requests at that instant. */
    record Step(long advanceNanos, int requests) {
    }

    @Provide
    Arbitrary<Long> milliRates() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 2_000),                  // 0.001/s to 2/s
                Arbitraries.longs().between(2_000, 5_000_000),          // 2/s to 5000/s
                Arbitraries.of(1_000L, 3_000L, 7_000L, 333L, 1_000_000_000L));
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Long> advance = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 1_000_000)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 2 * SECOND)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(2 * SECOND, 2_000 * SECOND)));
        Arbitrary<Integer> requests = Arbitraries.integers().between(0, 8);
        return Combinators.combine(advance, requests).as(Step::new).list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void theWaitARefusalReportsIsExact(@ForAll("milliRates") long milliRate, @ForAll @IntRange(min = 1, max = 20) int burst,
                                       @ForAll("schedules") List<Step> steps) {
        TokenBucket bucket = new TokenBucket(milliRate, burst, T0);
        long now = T0;
        for (Step step : steps) {
            now += step.advanceNanos();
            for (int i = 0; i < step.requests(); i++) {
                bucket.tryTake(now);
            }
        }
        drain(bucket, now);
        long wait = bucket.tryTake(now);
        assertTrue(wait >= 1);
        if (wait > 1) {
            assertTrue(bucket.tryTake(now + wait - 1) > 0, "still refused one nanosecond early");
        }
        assertEquals(0, bucket.tryTake(now + wait), "admitted on the nanosecond");
    }

    @Property(tries = 300)
    void afterABurstTheKthTokenComesAtCeilKOverRate(@ForAll("milliRates") long milliRate,
                                                    @ForAll @IntRange(min = 2, max = 50) int burst,
                                                    @ForAll @LongRange(min = 1, max = 200) long tokens) {
        TokenBucket bucket = new TokenBucket(milliRate, burst, T0);
        assertEquals(burst, drain(bucket, T0), "a full bucket gives exactly the burst at one instant");
        for (long k = 1; k <= tokens; k++) {
            long due = kth(T0, k, milliRate);
            if (due - 1 > kth(T0, k - 1, milliRate)) {
                assertTrue(bucket.tryTake(due - 1) > 0, "token " + k + " one nanosecond early");
            }
            assertEquals(0, bucket.tryTake(due), "token " + k + " on time");
        }
    }

    @Property(tries = 300)
    void withBurstOneEachTokenComesOneRoundedUpIntervalAfterTheLastTake(@ForAll("milliRates") long milliRate,
                                                                      @ForAll @LongRange(min = 1, max = 200) long tokens) {
        // A bucket that holds one token drops whatever it would gain past it: the fraction of a
        // nanosecond by which each take is late is lost, as in the continuous model.
        TokenBucket bucket = new TokenBucket(milliRate, 1, T0);
        assertEquals(1, drain(bucket, T0));
        long interval = Math.ceilDiv(TOKEN, milliRate);
        long last = T0;
        for (long k = 1; k <= tokens; k++) {
            long due = last + interval;
            assertTrue(bucket.tryTake(due - 1) > 0, "token " + k + " one nanosecond early");
            assertEquals(0, bucket.tryTake(due), "token " + k + " on time");
            last = due;
        }
    }
}
