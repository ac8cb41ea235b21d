package io.flowstate.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.flowstate.core.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What a pool hands its balancer. */
class PoolTest {

    @Test
    void pickPassesTheCandidatesAttemptRandomAndTicker() {
        List<Endpoint> eps = List.of(new Endpoint("10.0.0.1", 80, 1), new Endpoint("10.0.0.2", 80, 1));
        SplittableRandom random = new SplittableRandom(1);
        Ticker ticker = () -> 42L;
        List<PickContext> seen = new ArrayList<>();
        Pool pool = new Pool("web", eps, context -> {
            seen.add(context);
            return context.candidates().get(1);
        }, () -> random, ticker);

        assertSame(eps.get(1), pool.pick(2));

        PickContext c = seen.get(0);
        assertEquals(eps, c.candidates());
        assertSame(pool.endpoints(), c.candidates(), "the same list instance every pick, for balancers that cache");
        assertEquals(2, c.attempt());
        assertSame(random, c.random());
        assertEquals(42L, c.ticker().nanoTime());
    }

    @Test
    void emptyPoolGivesNullWithoutAskingTheBalancer() {
        Pool pool = new Pool("empty", List.of(), context -> {
            throw new AssertionError("not asked");
        });
        assertNull(pool.pick(0));
    }

    @Test
    void picksDoNotChangeLoad() {
        Endpoint e = new Endpoint("10.0.0.1", 80, 1);
        Pool pool = new Pool("web", List.of(e), context -> context.candidates().get(0));
        pool.pick(0);
        assertEquals(0, e.outstanding());
    }
}
