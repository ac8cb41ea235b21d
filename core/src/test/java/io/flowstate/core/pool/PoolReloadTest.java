package io.flowstate.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.ActiveCheckConfig;
import io.flowstate.core.config.BreakerConfig;
import io.flowstate.core.config.EjectionConfig;
import io.flowstate.core.config.HealthConfig;
import io.flowstate.core.config.OutlierConfig;
import io.flowstate.core.config.PanicConfig;
import io.flowstate.core.config.PassiveConfig;
import io.flowstate.core.health.EndpointHealth;
import io.flowstate.core.health.HealthEvent;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.health.Outcome;
import io.flowstate.core.resilience.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A pool built from the running one (a reload): each endpoint that stays gets its health
 * from the running pool's, by its address, and the running pool is left as it was.
 */
class PoolReloadTest {
    private static final long S = 1_000_000_000L;
    private static final long DECAY = PeakEwma.DEFAULT_DECAY_NANOS;
    private static final BreakerConfig BREAKER =
            new BreakerConfig(Duration.ofSeconds(10), 0.5, 2, Duration.ofSeconds(5), 1, 0);
    private static final HealthConfig CHECKED = new HealthConfig(ActiveCheckConfig.of("/health"),
            PassiveConfig.DEFAULT, OutlierConfig.OFF, EjectionConfig.DEFAULT, PanicConfig.DEFAULT);

    private long now;
    private final List<HealthEvent> events = new ArrayList<>();

    private Pool pool(List<Endpoint> endpoints, HealthConfig health, BreakerConfig breaker, Pool previous) {
        return new Pool("web", endpoints, context -> context.candidates().get(0), () -> new SplittableRandom(1),
                () -> now, health, breaker, events::add, previous);
    }

    @Test
    void eachEndpointThatStaysGetsItsHealthFromTheRunningPool() {
        Endpoint a = new Endpoint("10.0.0.1", 80, 1);
        Endpoint b = new Endpoint("10.0.0.2", 80, 1);
        Endpoint c = new Endpoint("10.0.0.3", 80, 1);
        Pool running = pool(List.of(a, b, c), HealthConfig.DEFAULT, BREAKER, null);
        running.record(a, Outcome.CONNECT_FAILURE, 1);         // a: ejected
        running.record(b, Outcome.SERVER_ERROR, 1);
        running.record(b, Outcome.SERVER_ERROR, 1);            // b: breaker open
        assertSame(running.health().state(0), a.health(), "the pool bound its state to the endpoint");

        Endpoint d = new Endpoint("10.0.0.4", 80, 1);
        Endpoint b2 = new Endpoint(b, 3, DECAY);
        Endpoint a2 = new Endpoint(a, 1, DECAY);
        now = S;
        Pool next = pool(List.of(d, b2, a2), HealthConfig.DEFAULT, BREAKER, running);

        EndpointHealth h = a2.health();
        assertNotSame(a.health(), h);
        assertSame(next.health().state(2), h);
        assertEquals(2, h.index());
        assertSame(a.health().ejection(), h.ejection());
        assertTrue(h.ejection().isEjected());
        assertEquals(1, h.count(HealthEvent.Kind.EJECTED));
        assertSame(b.health().breaker(), b2.health().breaker());
        assertEquals(CircuitBreaker.State.OPEN, b2.health().breaker().state());
        assertFalse(d.health().ejection().isEjected());
        assertEquals(0, d.health().count(HealthEvent.Kind.EJECTED));
        assertEquals(List.of(d), next.health().candidates(S));
        assertSame(d, next.acquire(0, List.of()));
        d.release();

        assertSame(running.health().state(0), a.health(), "the running endpoint keeps its own");
        assertEquals(List.of(c), running.health().candidates(S));
    }

    /**
     * FlowStateServer.reload may refuse a snapshot it has compiled; the pool built for it
     * (another breaker, checks dropped) must not have changed the running pool.
     */
    @Test
    void aRefusedReloadLeavesTheRunningPoolAsItWas() {
        Endpoint a = new Endpoint("10.0.0.1", 80, 1);
        Endpoint b = new Endpoint("10.0.0.2", 80, 1);
        Pool running = pool(List.of(a, b), CHECKED, BREAKER, null);
        running.record(a, Outcome.SERVER_ERROR, 1);
        running.record(a, Outcome.SERVER_ERROR, 1);            // a: breaker open
        EndpointHealth ha = a.health();
        EndpointHealth hb = b.health();
        CircuitBreaker open = ha.breaker();
        List<Endpoint> candidates = running.health().candidates(0);
        assertEquals(List.of(b), candidates);
        int told = events.size();

        BreakerConfig other = new BreakerConfig(Duration.ofSeconds(30), 0.9, 5, Duration.ofSeconds(1), 3, 10);
        Pool refused = pool(List.of(new Endpoint(a, 1, DECAY), new Endpoint(b, 1, DECAY)), HealthConfig.DEFAULT,
                other, running);
        assertNotSame(open, refused.health().breaker(0));
        assertNull(refused.health().active(0));
        // ... and the snapshot holding it is dropped.

        assertSame(ha, a.health());
        assertSame(hb, b.health());
        assertSame(open, ha.breaker());
        assertEquals(BREAKER, ha.breaker().config());
        assertEquals(CircuitBreaker.State.OPEN, open.state());
        assertTrue(ha.active() != null && hb.active() != null, "the running pool checks still");
        assertSame(candidates, running.health().candidates(0));
        assertEquals(told, events.size());
        assertSame(b, running.acquire(0, List.of()), "and routes on its own state");
        b.release();
        running.record(b, Outcome.SUCCESS, 1);
    }

    /** Tests give one endpoint object to several pools; each pool keeps its own state for it. */
    @Test
    void anEndpointObjectInTwoPoolsKeepsTheFirstPoolsHealthAndEachPoolItsOwnState() {
        Endpoint a = new Endpoint("10.0.0.1", 80, 1);
        Endpoint b = new Endpoint("10.0.0.2", 80, 1);
        Pool first = pool(List.of(a, b), HealthConfig.DEFAULT, null, null);
        EndpointHealth mine = a.health();
        Pool second = pool(List.of(b, a), HealthConfig.DEFAULT, BREAKER, null);
        assertSame(mine, a.health(), "never re-pointed");
        assertSame(first.health().state(0), a.health());

        second.record(a, Outcome.CONNECT_FAILURE, 1);
        assertEquals(List.of(b), second.health().candidates(0));
        assertEquals(List.of(a, b), first.health().candidates(0));
        assertEquals(1, second.health().state(1).count(HealthEvent.Kind.EJECTED));
        assertEquals(0, a.health().count(HealthEvent.Kind.EJECTED));
        assertSame(b, second.acquire(0, List.of()), "admitted by its breaker in the second pool");
        b.release();
    }

    /** A reload that reuses the running endpoint objects themselves (no production path does) re-points nothing either. */
    @Test
    void aRefusedReloadOverTheSameEndpointObjectsLeavesThemAsTheyWere() {
        Endpoint a = new Endpoint("10.0.0.1", 80, 1);
        Endpoint b = new Endpoint("10.0.0.2", 80, 1);
        Pool running = pool(List.of(a, b), CHECKED, BREAKER, null);
        EndpointHealth ha = a.health();
        BreakerConfig other = new BreakerConfig(Duration.ofSeconds(30), 0.9, 5, Duration.ofSeconds(1), 3, 10);
        Pool refused = pool(List.of(a, b), HealthConfig.DEFAULT, other, running);
        assertSame(ha, a.health());
        assertEquals(BREAKER, a.health().breaker().config());
        assertTrue(a.health().active() != null);
        assertNotSame(ha, refused.health().state(0));
        assertSame(ha.ejection(), refused.health().state(0).ejection());
    }

    @Test
    void anEndpointOfAnotherPoolIsRefused() {
        Endpoint a = new Endpoint("10.0.0.1", 80, 1);
        Pool running = pool(List.of(a), HealthConfig.DEFAULT, null, null);
        Endpoint a2 = new Endpoint(a, 1, DECAY);
        pool(List.of(a2), HealthConfig.DEFAULT, null, running);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> running.record(a2, Outcome.SUCCESS, 1));
        assertTrue(x.getMessage().contains("not an endpoint of pool web"), x.getMessage());
    }

    @Test
    void anEndpointInNoPoolHasNoHealthYet() {
        Endpoint a = new Endpoint("10.0.0.1", 80, 1);
        IllegalStateException x = assertThrows(IllegalStateException.class, a::health);
        assertTrue(x.getMessage().contains("10.0.0.1:80"), x.getMessage());
        Endpoint carried = new Endpoint(a, 1, DECAY);
        assertThrows(IllegalStateException.class, carried::health, "a reload's endpoint gets its health from its pool");
        new Pool("web", List.of(carried), context -> carried, SplittableRandom::new, () -> 0L,
                HealthConfig.DEFAULT, null, HealthListener.none());
        assertEquals(0, carried.health().index());
    }
}
