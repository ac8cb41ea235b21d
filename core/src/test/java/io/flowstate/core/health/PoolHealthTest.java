package io.flowstate.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pool-wide rules over the per-endpoint machines, on a hand-driven clock. */
class PoolHealthTest {
    private static final long S = 1_000_000_000L;

    private final List<HealthEvent> events = new ArrayList<>();
    /** The states of the pool made last, by endpoint. */
    private final Map<String, EndpointHealth> states = new LinkedHashMap<>();

    private PoolHealth<String> pool(HealthConfig config, BreakerConfig breaker, String... endpoints) {
        return reload(null, 0, config, breaker, endpoints);
    }

    /**
     * A pool made from {@code previous} (or new, for null). Each pool finds its states in a
     * map of its own, as each Pool's endpoints hold their own; {@link #states} shows the last.
     */
    private PoolHealth<String> reload(PoolHealth<String> previous, long now, HealthConfig config,
                                      BreakerConfig breaker, String... endpoints) {
        Map<String, EndpointHealth> own = new LinkedHashMap<>();
        PoolHealth<String> p = new PoolHealth<>("web", List.of(endpoints), own::get, e -> e, config, breaker,
                events::add, now, previous);
        for (int i = 0; i < endpoints.length; i++) {
            own.put(endpoints[i], p.state(i));
        }
        states.clear();
        states.putAll(own);
        return p;
    }

    private List<HealthEvent.Kind> kinds() {
        return events.stream().map(HealthEvent::kind).toList();
    }

    @Test
    void byDefaultOneConnectFailureEjectsForTheBaseTime() {
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, null, "a", "b");
        List<String> all = p.candidates(0);
        p.record("a", Outcome.CONNECT_FAILURE, S / 1000, S);
        assertEquals(List.of("b"), p.candidates(S));
        assertEquals(List.of(HealthEvent.Kind.EJECTED), kinds());
        assertEquals("a", events.get(0).endpoint());
        assertTrue(events.get(0).reason().contains("1 consecutive failures"), events.get(0).reason());

        assertEquals(List.of("b"), p.candidates(11 * S - 1));
        assertSame(all, p.candidates(11 * S), "back after 10 s: the pool's own list again");
        assertEquals(HealthEvent.Kind.RETURNED, events.get(1).kind());
        assertTrue(states.get("a").ejection().onProbation());
        assertEquals(1, states.get("a").count(HealthEvent.Kind.EJECTED));
    }

    @Test
    void aFailureOnProbationEjectsAgainForLonger() {
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, null, "a", "b");
        p.record("a", Outcome.RESET, 1, 0);
        p.candidates(10 * S);                                 // returns
        p.record("a", Outcome.TIMEOUT, 1, 10 * S);
        assertEquals(List.of("b"), p.candidates(10 * S));
        assertEquals(30 * S, states.get("a").ejection().untilNanos(), "the second ejection lasts 2 x 10 s");
    }

    @Test
    void aSuccessOnProbationEndsIt() {
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, null, "a", "b");
        p.record("a", Outcome.RESET, 1, 0);
        p.candidates(10 * S);
        p.record("a", Outcome.SUCCESS, 1, 10 * S);
        assertFalse(states.get("a").ejection().onProbation());
    }

    @Test
    void ejectionNeverTakesMoreThanMaxPercentNorTheLastEndpoint() {
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, null, "a", "b", "c", "d");
        p.record("a", Outcome.CONNECT_FAILURE, 1, 0);
        p.record("b", Outcome.CONNECT_FAILURE, 1, 0);
        p.record("c", Outcome.CONNECT_FAILURE, 1, 0);
        assertEquals(List.of("c", "d"), p.candidates(0), "50% of 4: two out, the third stays in");

        states.clear();
        events.clear();
        PoolHealth<String> one = pool(HealthConfig.DEFAULT, null, "solo");
        one.record("solo", Outcome.CONNECT_FAILURE, 1, 0);
        assertEquals(List.of("solo"), one.candidates(0), "ejection alone never empties a pool");
        assertTrue(events.isEmpty());
    }

    @Test
    void passiveOffNeverEjects() {
        HealthConfig off = new HealthConfig(null, PassiveConfig.OFF, OutlierConfig.OFF, EjectionConfig.DEFAULT,
                PanicConfig.DEFAULT);
        PoolHealth<String> p = pool(off, null, "a", "b");
        for (int i = 0; i < 10; i++) {
            p.record("a", Outcome.CONNECT_FAILURE, 1, i);
        }
        assertEquals(List.of("a", "b"), p.candidates(10));
    }

    private static HealthConfig active(PanicConfig panic) {
        ActiveCheckConfig check = new ActiveCheckConfig("/health", Duration.ofSeconds(1), Duration.ofMillis(500),
                200, 299, 2, 2, true);
        return new HealthConfig(check, PassiveConfig.DEFAULT, OutlierConfig.OFF, EjectionConfig.DEFAULT, panic);
    }

    @Test
    void unhealthyEndpointsAreNotCandidates() {
        PoolHealth<String> p = pool(active(PanicConfig.DEFAULT), null, "a", "b", "c");
        p.probed("a", false, "status 503", 0);
        assertEquals(List.of("b", "c"), p.candidates(0));
        assertEquals(HealthEvent.Kind.UNHEALTHY, events.get(0).kind());
        assertEquals("first probe: status 503", events.get(0).reason());
        p.probed("a", true, "status 200", S);
        assertEquals(List.of("b", "c"), p.candidates(S), "healthy again only after two passes");
        p.probed("a", true, "status 200", 2 * S);
        assertEquals(List.of("a", "b", "c"), p.candidates(2 * S));
        assertEquals("2 consecutive probe passes: status 200", events.get(1).reason());
    }

    @Test
    void failOpenPanicSendsToEveryEndpoint() {
        PoolHealth<String> p = pool(active(PanicConfig.DEFAULT), null, "a", "b", "c");
        p.probed("a", false, "down", 0);
        p.probed("b", false, "down", 0);
        assertTrue(p.inPanic(), "1 of 3 is below 50%");
        assertEquals(List.of("a", "b", "c"), p.candidates(0));
        assertEquals(HealthEvent.Kind.PANIC_ENTERED, events.get(events.size() - 1).kind());
    }

    @Test
    void failClosedPanicOffersNothingUntilTheCooldownAfterRecovery() {
        PoolHealth<String> p = pool(active(new PanicConfig(50, false, Duration.ofSeconds(5))), null, "a", "b");
        p.probed("a", false, "down", 0);
        p.probed("b", false, "down", 0);
        assertEquals(List.of(), p.candidates(0));
        p.probed("a", true, "up", S);
        p.probed("a", true, "up", 2 * S);                     // healthy: 1 of 2 is 50%, not below
        assertEquals(List.of(), p.candidates(2 * S), "still in panic during the cooldown");
        assertEquals(List.of("a"), p.candidates(7 * S), "panic over 5 s after recovery");
        assertEquals(HealthEvent.Kind.PANIC_LEFT, events.get(events.size() - 1).kind());
    }

    @Test
    void anOpenBreakerTakesTheEndpointOutUntilItHalfOpens() {
        BreakerConfig breaker = new BreakerConfig(Duration.ofSeconds(10), 0.5, 4, Duration.ofSeconds(5), 2, 0);
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, breaker, "a", "b");
        for (int i = 0; i < 4; i++) {
            assertTrue(p.admit("a", 0));
            p.record("a", Outcome.SERVER_ERROR, 1, 0);
        }
        assertEquals(List.of("b"), p.candidates(0));
        assertEquals(HealthEvent.Kind.BREAKER_OPENED, events.get(0).kind());

        assertEquals(List.of("a", "b"), p.candidates(5 * S), "half-open at its time");
        assertEquals(CircuitBreaker.State.HALF_OPEN, p.breaker(0).state());
        assertTrue(p.admit("a", 5 * S));
        assertTrue(p.admit("a", 5 * S));
        assertFalse(p.admit("a", 5 * S), "two trials, no more");
        p.record("a", Outcome.SUCCESS, 1, 5 * S);
        p.record("a", Outcome.SUCCESS, 1, 5 * S);
        assertEquals(CircuitBreaker.State.CLOSED, p.breaker(0).state());
        assertEquals(List.of(HealthEvent.Kind.BREAKER_OPENED, HealthEvent.Kind.BREAKER_HALF_OPENED,
                HealthEvent.Kind.BREAKER_CLOSED), kinds());
    }

    @Test
    void latencyOutliersAreEjectedAtTheEndOfTheInterval() {
        OutlierConfig outlier = new OutlierConfig(0, 0, Duration.ofSeconds(10), OutlierConfig.SuccessRate.OFF,
                new OutlierConfig.Latency(0.9, 3, Duration.ofMillis(10), 3, 20));
        HealthConfig config = new HealthConfig(null, PassiveConfig.DEFAULT, outlier,
                new EjectionConfig(Duration.ofSeconds(30), Duration.ofSeconds(300), 50), PanicConfig.DEFAULT);
        PoolHealth<String> p = pool(config, null, "a", "b", "c", "d");
        for (int i = 0; i < 20; i++) {
            p.record("a", Outcome.SUCCESS, 2_000_000, S);
            p.record("b", Outcome.SUCCESS, 2_000_000, S);
            p.record("c", Outcome.SUCCESS, 3_000_000, S);
            p.record("d", Outcome.SUCCESS, 80_000_000, S);    // 80 ms where the others take 2-3
        }
        assertEquals(4, p.candidates(10 * S - 1).size(), "judged only when the interval ends");
        assertEquals(List.of("a", "b", "c"), p.candidates(10 * S));
        assertTrue(events.get(0).reason().contains("latency"), events.get(0).reason());
        assertEquals(List.of("a", "b", "c"), p.candidates(20 * S), "the next interval had no samples");
    }

    @Test
    void cancelledTriesSayNothing() {
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, null, "a", "b");
        p.record("a", Outcome.CANCELLED, 1, 0);
        assertEquals(List.of("a", "b"), p.candidates(0));
        assertEquals(0, states.get("a").stats().current().total());
    }

    @Test
    void anAbandonedHalfOpenTrialGivesItsSlotBack() {
        BreakerConfig breaker = new BreakerConfig(Duration.ofSeconds(10), 0.5, 2, Duration.ofSeconds(5), 1, 0);
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, breaker, "a", "b");
        p.record("a", Outcome.SERVER_ERROR, 1, 0);
        p.record("a", Outcome.SERVER_ERROR, 1, 0);
        assertTrue(p.admit("a", 5 * S), "the one trial");
        p.record("a", Outcome.CANCELLED, 1, 5 * S);           // its client left
        assertTrue(p.admit("a", 5 * S), "the slot came back");
    }

    @Test
    void anEjectionRefusedForRoomIsRetriedOnceThereIsRoom() {
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, null, "a", "b");
        p.record("a", Outcome.CONNECT_FAILURE, 1, 0);         // a out: 1 of 2 is the 50% cap
        p.record("b", Outcome.CONNECT_FAILURE, 1, 0);         // refused: no room
        assertEquals(List.of("b"), p.candidates(0));
        p.candidates(10 * S);                                 // a returns
        p.record("a", Outcome.SUCCESS, 1, 10 * S);
        p.record("b", Outcome.CONNECT_FAILURE, 1, 10 * S);    // room now: the streak started again
        assertEquals(List.of("a"), p.candidates(10 * S));
    }

    @Test
    void aReloadedPoolKeepsBreakersAndChecksWithoutTouchingTheRunningOne() {
        BreakerConfig breaker = new BreakerConfig(Duration.ofSeconds(10), 0.5, 2, Duration.ofSeconds(5), 1, 0);
        PoolHealth<String> running = pool(HealthConfig.DEFAULT, breaker, "a", "b");
        running.record("a", Outcome.SERVER_ERROR, 1, 0);
        running.record("a", Outcome.SERVER_ERROR, 1, 0);
        HealthConfig checked = new HealthConfig(ActiveCheckConfig.of("/h"), PassiveConfig.DEFAULT, OutlierConfig.OFF,
                EjectionConfig.DEFAULT, PanicConfig.DEFAULT);
        PoolHealth<String> reloaded = reload(running, S, checked, breaker, "a", "b");
        assertSame(running.breaker(0), reloaded.breaker(0), "same breaker config: the open breaker carries over");
        assertEquals(List.of("b"), reloaded.candidates(S));
        assertTrue(running.active(0) == null, "the running pool got no active checks from the new config");
        assertTrue(reloaded.active(0) != null);
    }

    @Test
    void stateCarriesOverToANewPoolWithTheSameEndpoints() {
        PoolHealth<String> p = pool(HealthConfig.DEFAULT, null, "a", "b");
        p.record("a", Outcome.CONNECT_FAILURE, 1, 0);
        PoolHealth<String> reloaded = reload(p, S, HealthConfig.DEFAULT, null, "a", "b");
        assertEquals(List.of("b"), reloaded.candidates(S), "the ejection carries over in the endpoint's state");
    }
}
