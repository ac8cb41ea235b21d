package io.flowstate.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.flowstate.core.resilience.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reload: the new pool's state for an endpoint that stays is made from the running
 * pool's in one place ({@link EndpointHealth}'s constructor), and the running pool is only
 * read, so a reload refused after compiling leaves it as it was.
 */
class PoolHealthReloadTest {
    private static final long S = 1_000_000_000L;
    private static final BreakerConfig BREAKER =
            new BreakerConfig(Duration.ofSeconds(10), 0.5, 2, Duration.ofSeconds(5), 1, 0);
    private static final HealthConfig CHECKED = new HealthConfig(
            new ActiveCheckConfig("/health", Duration.ofSeconds(1), Duration.ofMillis(500), 200, 299, 2, 2, true),
            PassiveConfig.DEFAULT, OutlierConfig.OFF, EjectionConfig.DEFAULT, PanicConfig.DEFAULT);
    /** Two failures in a row eject: a streak of one shows whether streaks carry over. */
    private static final HealthConfig TWO_STRIKES = new HealthConfig(null, new PassiveConfig(2, false),
            OutlierConfig.OFF, EjectionConfig.DEFAULT, PanicConfig.DEFAULT);

    private final List<HealthEvent> events = new ArrayList<>();

    /** A pool made from {@code previous} (null: new) whose lookup finds only its own states, as a Pool's endpoints do. */
    private PoolHealth<String> pool(PoolHealth<String> previous, long now, HealthConfig config, BreakerConfig breaker,
                                    String... endpoints) {
        Map<String, EndpointHealth> own = new HashMap<>();
        PoolHealth<String> p = new PoolHealth<>("web", List.of(endpoints), own::get, e -> e, config, breaker,
                events::add, now, previous);
        for (int i = 0; i < endpoints.length; i++) {
            own.put(endpoints[i], p.state(i));
        }
        return p;
    }

    private static EndpointHealth state(PoolHealth<String> p, String endpoint) {
        return p.state(p.endpoints().indexOf(endpoint));
    }

    @Test
    void anEndpointThatStaysKeepsItsEjectionStreaksIntervalAndCountsMatchedByKey() {
        PoolHealth<String> running = pool(null, 0, TWO_STRIKES, null, "a", "b", "c", "d");
        running.record("a", Outcome.CONNECT_FAILURE, 1, 0);
        running.record("a", Outcome.CONNECT_FAILURE, 1, 0);   // ejected
        running.record("b", Outcome.CONNECT_FAILURE, 1, 0);   // one of two
        running.record("c", Outcome.SUCCESS, 1_000_000, 0);   // one try in the interval
        EndpointHealth a = state(running, "a");
        assertTrue(a.ejection().isEjected());

        PoolHealth<String> reloaded = pool(running, S, TWO_STRIKES, null, "d", "c", "b", "a");   // another order
        EndpointHealth a2 = state(reloaded, "a");
        assertNotSame(a, a2, "the new pool's own object");
        assertEquals(3, a2.index(), "its place in the new pool");
        assertEquals("a", a2.key());
        assertSame(a.ejection(), a2.ejection());
        assertSame(a.streaks(), a2.streaks());
        assertSame(a.stats(), a2.stats());
        assertTrue(a2.ejection().isEjected());
        assertEquals(a.ejection().untilNanos(), a2.ejection().untilNanos());
        assertEquals(1, a2.count(HealthEvent.Kind.EJECTED));
        assertEquals(a.lastEvent(), a2.lastEvent());
        assertTrue(a2.lastEvent().startsWith("EJECTED: "), a2.lastEvent());
        assertEquals(List.of("d", "c", "b"), reloaded.candidates(S));
        assertEquals(1, state(reloaded, "c").stats().current().total(), "the interval carried over");

        reloaded.record("b", Outcome.CONNECT_FAILURE, 1, S);
        assertEquals(List.of("d", "c"), reloaded.candidates(S), "the second failure in a row, counted over the reload");
        assertEquals(1, state(running, "b").count(HealthEvent.Kind.EJECTED), "counts are the endpoint's, in both pools");
    }

    @Test
    void anEndpointNewToThePoolStartsFresh() {
        PoolHealth<String> running = pool(null, 0, HealthConfig.DEFAULT, BREAKER, "a", "b");
        running.record("a", Outcome.CONNECT_FAILURE, 1, 0);
        PoolHealth<String> reloaded = pool(running, S, HealthConfig.DEFAULT, BREAKER, "a", "b", "e");
        EndpointHealth e = state(reloaded, "e");
        assertFalse(e.ejection().isEjected());
        assertEquals(0, e.count(HealthEvent.Kind.EJECTED));
        assertNull(e.lastEvent());
        assertEquals(CircuitBreaker.State.CLOSED, e.breaker().state());
        assertNotSame(state(reloaded, "a").ejection(), e.ejection());

        PoolHealth<String> without = pool(reloaded, 2 * S, HealthConfig.DEFAULT, BREAKER, "b", "e");
        PoolHealth<String> back = pool(without, 3 * S, HealthConfig.DEFAULT, BREAKER, "a", "b", "e");
        assertFalse(state(back, "a").ejection().isEjected(), "removed, then added again: only the running pool counts");
        assertEquals(0, state(back, "a").count(HealthEvent.Kind.EJECTED));
    }

    @Test
    void anOpenBreakerCarriesOverWhileItsConfigIsEqual() {
        PoolHealth<String> running = pool(null, 0, HealthConfig.DEFAULT, BREAKER, "a", "b");
        running.record("a", Outcome.SERVER_ERROR, 1, 0);
        running.record("a", Outcome.SERVER_ERROR, 1, 0);
        assertEquals(CircuitBreaker.State.OPEN, running.breaker(0).state());

        BreakerConfig equal = new BreakerConfig(Duration.ofSeconds(10), 0.5, 2, Duration.ofSeconds(5), 1, 0);
        PoolHealth<String> reloaded = pool(running, S, HealthConfig.DEFAULT, equal, "a", "b");
        assertSame(running.breaker(0), reloaded.breaker(0), "an equal config, not the same instance");
        assertEquals(List.of("b"), reloaded.candidates(S));
        assertEquals(List.of("a", "b"), reloaded.candidates(5 * S), "half-open when it was due before the reload");
    }

    @Test
    void aBreakerWhoseConfigChangedIsNewAndClosedAndTheRunningOneStaysOpen() {
        PoolHealth<String> running = pool(null, 0, HealthConfig.DEFAULT, BREAKER, "a", "b");
        running.record("a", Outcome.SERVER_ERROR, 1, 0);
        running.record("a", Outcome.SERVER_ERROR, 1, 0);
        CircuitBreaker open = running.breaker(0);

        BreakerConfig other = new BreakerConfig(Duration.ofSeconds(10), 0.75, 2, Duration.ofSeconds(5), 1, 0);
        PoolHealth<String> reloaded = pool(running, S, HealthConfig.DEFAULT, other, "a", "b");
        assertNotSame(open, reloaded.breaker(0));
        assertEquals(other, reloaded.breaker(0).config());
        assertEquals(CircuitBreaker.State.CLOSED, reloaded.breaker(0).state());
        assertEquals(List.of("a", "b"), reloaded.candidates(S));
        assertEquals(1, reloaded.state(0).count(HealthEvent.Kind.BREAKER_OPENED), "its history stays");

        assertSame(open, running.breaker(0));
        assertEquals(CircuitBreaker.State.OPEN, open.state());
        assertEquals(List.of("b"), running.candidates(S));

        PoolHealth<String> none = pool(running, S, HealthConfig.DEFAULT, null, "a", "b");
        assertNull(none.breaker(0), "no breaker config: no breaker");
        assertEquals(List.of("a", "b"), none.candidates(S));
        assertEquals(0, none.maxConcurrent("a"));
    }

    @Test
    void activeStateCarriesOverWhileTheNewPoolStillChecks() {
        PoolHealth<String> running = pool(null, 0, CHECKED, null, "a", "b", "c");
        running.probed("a", false, "status 503", 0);
        HealthConfig otherPath = new HealthConfig(ActiveCheckConfig.of("/ready"), PassiveConfig.DEFAULT,
                OutlierConfig.OFF, EjectionConfig.DEFAULT, PanicConfig.DEFAULT);
        PoolHealth<String> reloaded = pool(running, S, otherPath, null, "a", "b", "c");
        assertSame(running.active(0), reloaded.active(0));
        assertFalse(reloaded.healthy(0));
        assertEquals(List.of("b", "c"), reloaded.candidates(S));
        reloaded.probed("a", true, "status 200", S);
        reloaded.probed("a", true, "status 200", 2 * S);
        assertEquals(List.of("a", "b", "c"), reloaded.candidates(2 * S), "the new thresholds (2 passes) on the old run");
    }

    @Test
    void activeStateIsDroppedWhenChecksAreRemoved() {
        PoolHealth<String> running = pool(null, 0, CHECKED, null, "a", "b", "c");
        running.probed("a", false, "status 503", 0);
        ActiveHealth down = running.active(0);

        PoolHealth<String> reloaded = pool(running, S, HealthConfig.DEFAULT, null, "a", "b", "c");
        assertNull(reloaded.active(0));
        assertTrue(reloaded.healthy(0));
        assertEquals(List.of("a", "b", "c"), reloaded.candidates(S));
        int told = events.size();
        reloaded.probed("a", false, "status 503", S);
        assertEquals(told, events.size(), "a probe result means nothing to a pool without checks");

        assertSame(down, running.active(0), "the running pool still checks");
        assertFalse(running.healthy(0));
        assertEquals(List.of("b", "c"), running.candidates(S));

        PoolHealth<String> again = pool(reloaded, 2 * S, CHECKED, null, "a", "b", "c");
        assertNotSame(down, again.active(0), "checks back: a new run, from the initial state");
        assertTrue(again.healthy(0));
    }

    /**
     * FlowStateServer.reload compiles the new snapshot, then may refuse it (a listen address
     * that cannot be bound). Building the new pool must not have touched the running one.
     */
    @Test
    void aRefusedReloadLeavesTheRunningPoolAsItWas() {
        PoolHealth<String> running = pool(null, 0, CHECKED, BREAKER, "a", "b", "c", "d");
        running.record("a", Outcome.SERVER_ERROR, 1, 0);
        running.record("a", Outcome.SERVER_ERROR, 1, 0);      // a: breaker open
        running.probed("b", false, "status 503", 0);          // b: unhealthy
        running.record("c", Outcome.CONNECT_FAILURE, 1, 0);   // c: ejected
        List<String> candidates = running.candidates(S);
        assertEquals(List.of("d"), candidates);
        List<EndpointHealth> states = new ArrayList<>();
        List<ActiveHealth> active = new ArrayList<>();
        List<CircuitBreaker> breakers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            states.add(running.state(i));
            active.add(running.active(i));
            breakers.add(running.breaker(i));
        }
        String before = describe(running);
        int told = events.size();

        // Every config-dependent part differs, the order too, one endpoint goes, one comes.
        BreakerConfig other = new BreakerConfig(Duration.ofSeconds(30), 0.9, 5, Duration.ofSeconds(1), 3, 10);
        HealthConfig unchecked = new HealthConfig(null, PassiveConfig.OFF, OutlierConfig.OFF,
                new EjectionConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), 10), PanicConfig.DEFAULT);
        PoolHealth<String> refused = pool(running, S, unchecked, other, "e", "c", "b", "a");
        assertNotSame(breakers.get(0), refused.breaker(3));
        assertNull(refused.active(3));
        // ... and the snapshot holding it is dropped.

        assertEquals(before, describe(running));
        assertEquals(told, events.size(), "building a pool tells no endpoint event");
        assertSame(candidates, running.candidates(S), "the same candidate list instance");
        for (int i = 0; i < 4; i++) {
            assertSame(states.get(i), running.state(i));
            assertSame(active.get(i), running.active(i));
            assertSame(breakers.get(i), running.breaker(i));
            assertEquals(BREAKER, running.breaker(i).config());
            assertNotNull(running.active(i), "the running pool checks still");
        }
        assertEquals(CircuitBreaker.State.OPEN, running.breaker(0).state());
        assertEquals(List.of("a", "d"), running.candidates(5 * S), "and runs on: its own breaker half-opens");
    }

    /** As an Endpoint object given to two pools hands the first pool's state to both. */
    @Test
    void aHandleNamingAnotherPoolsStateFallsBackToIdentityAndAStrangerIsRefused() {
        PoolHealth<String> first = pool(null, 0, HealthConfig.DEFAULT, BREAKER, "a", "b");
        PoolHealth<String> second = new PoolHealth<>("web", List.of("a", "b"),
                e -> first.endpoints().contains(e) ? state(first, e) : null, e -> e, HealthConfig.DEFAULT, BREAKER,
                events::add, 0);
        second.record("a", Outcome.CONNECT_FAILURE, 1, 0);
        assertEquals(List.of("b"), second.candidates(0));
        assertTrue(second.state(0).ejection().isEjected(), "its own state");
        assertFalse(first.state(0).ejection().isEjected(), "not the one the handle named");
        assertEquals(List.of("a", "b"), first.candidates(0));

        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> second.record("z", Outcome.SUCCESS, 1, 0));
        assertEquals("z is not an endpoint of pool web", x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> second.admit("z", 0));
        assertThrows(IllegalArgumentException.class, () -> second.maxConcurrent("z"));
        assertThrows(IllegalArgumentException.class, () -> second.probed("z", true, "status 200", 0));
    }

    /** Everything one can read of a pool's health, as text. */
    private static String describe(PoolHealth<String> p) {
        StringBuilder out = new StringBuilder("panic=" + p.inPanic());
        for (int i = 0; i < p.endpoints().size(); i++) {
            EndpointHealth s = p.state(i);
            out.append('\n').append(s).append(' ').append(s.key())
                    .append(" healthy=").append(p.healthy(i)).append(" available=").append(p.available(i))
                    .append(" decided=").append(s.active() != null && s.active().decided())
                    .append(" breaker=").append(s.breaker() == null ? "none" : s.breaker().state())
                    .append(" ejected=").append(s.ejection().isEjected())
                    .append(" until=").append(s.ejection().untilNanos())
                    .append(" ejections=").append(s.ejection().count())
                    .append(" probation=").append(s.ejection().onProbation())
                    .append(" streak=").append(s.streaks().localOrigin()).append('/').append(s.streaks().upstream5xx())
                    .append(" interval=").append(s.stats().current().total())
                    .append(" last=").append(s.lastEvent());
            for (HealthEvent.Kind k : HealthEvent.Kind.values()) {
                out.append(' ').append(k).append('=').append(s.count(k));
            }
        }
        return out.toString();
    }
}
