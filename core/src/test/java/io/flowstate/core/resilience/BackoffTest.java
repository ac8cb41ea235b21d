package io.flowstate.core.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theCeilingDoublesUpToTheMax() {
        Backoff b = new Backoff(25, 250);
        assertEquals(25, b.ceiling(1));
        assertEquals(50, b.ceiling(2));
        assertEquals(100, b.ceiling(3));
        assertEquals(200, b.ceiling(4));
        assertEquals(250, b.ceiling(5));
        assertEquals(250, b.ceiling(100));
    }

    @Property
    void everyDelayIsBelowItsCeiling(@ForAll @LongRange(max = 1_000_000_000L) long base,
                                     @ForAll @IntRange(min = 1, max = 200) int retry, @ForAll long seed) {
        Backoff b = new Backoff(base, base * 10);
        long d = b.delayNanos(retry, new SplittableRandom(seed));
        assertTrue(d >= 0 && (d < b.ceiling(retry) || b.ceiling(retry) == 0), d + " vs " + b.ceiling(retry));
    }
}
