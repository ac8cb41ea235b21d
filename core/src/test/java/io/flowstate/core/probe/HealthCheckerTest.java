package io.flowstate.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.ActiveCheckConfig;
import io.flowstate.core.config.EjectionConfig;
import io.flowstate.core.config.HealthConfig;
import io.flowstate.core.config.OutlierConfig;
import io.flowstate.core.config.PanicConfig;
import io.flowstate.core.config.PassiveConfig;
import io.flowstate.core.health.HealthEvent;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The probe schedule on a hand-set clock, with probes the test completes. */
class HealthCheckerTest {
    private static final long S = 1_000_000_000L;

    private long now = 0;
    private final List<Endpoint> probed = new ArrayList<>();
    private final List<CompletableFuture<Probe.Result>> pending = new ArrayList<>();
    private final List<HealthEvent> events = new ArrayList<>();
    private final Probe probe = (endpoint, config) -> {
        probed.add(endpoint);
        CompletableFuture<Probe.Result> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    };
    private final Endpoint a = new Endpoint("10.0.0.1", 80, 1);
    private final Endpoint b = new Endpoint("10.0.0.2", 80, 1);

    private Pool pool(ActiveCheckConfig check) {
        HealthConfig health = new HealthConfig(check, PassiveConfig.DEFAULT, OutlierConfig.OFF, EjectionConfig.DEFAULT,
                PanicConfig.DEFAULT);
        return new Pool("web", List.of(a, b), ctx -> ctx.candidates().get(0), SplittableRandom::new, () -> now, health,
                null, events::add);
    }

    private static ActiveCheckConfig check() {
        return new ActiveCheckConfig("/health", Duration.ofSeconds(5), Duration.ofSeconds(1), 200, 399, 1, 2, true);
    }

    @Test
    void everyEndpointIsProbedAtOnceThenEveryInterval() {
        HealthChecker checker = new HealthChecker(probe, () -> now);
        checker.watch(List.of(pool(check())));
        assertEquals(5 * S, checker.runDue(0));
        assertEquals(List.of(a, b), probed);
        pending.forEach(f -> f.complete(new Probe.Result(true, "status 200")));

        assertEquals(5 * S, checker.runDue(4 * S));
        assertEquals(2, probed.size(), "not due yet");
        now = 5 * S;
        checker.runDue(5 * S);
        assertEquals(4, probed.size());
    }

    @Test
    void aHangingProbeIsNeverStartedTwice() {
        HealthChecker checker = new HealthChecker(probe, () -> now);
        checker.watch(List.of(pool(check())));
        checker.runDue(0);
        pending.get(1).complete(new Probe.Result(true, "status 200"));
        checker.runDue(10 * S);
        assertEquals(List.of(a, b, b), probed, "a's first probe is still out");
    }

    @Test
    void resultsDriveTheEndpointsState() {
        Pool pool = pool(check());
        HealthChecker checker = new HealthChecker(probe, () -> now);
        checker.watch(List.of(pool));
        checker.runDue(0);
        pending.get(0).complete(new Probe.Result(false, "status 503"));
        pending.get(1).complete(new Probe.Result(true, "status 200"));
        assertFalse(pool.health().healthy(0));
        assertEquals(List.of(b), pool.health().candidates(0));
        assertEquals("first probe: status 503", events.get(0).reason());

        now = 5 * S;
        checker.runDue(now);
        pending.get(2).complete(new Probe.Result(true, "status 200"));
        assertTrue(pool.health().healthy(0), "healthy threshold 1");
    }

    @Test
    void aPoolWithoutActiveChecksIsNotProbedButItsTimersRun() {
        Pool pool = new Pool("web", List.of(a, b), ctx -> ctx.candidates().get(0), SplittableRandom::new, () -> now,
                HealthConfig.DEFAULT, null, events::add);
        HealthChecker checker = new HealthChecker(probe, () -> now);
        checker.watch(List.of(pool));
        pool.record(a, io.flowstate.core.health.Outcome.CONNECT_FAILURE, 1);
        assertEquals(10 * S, checker.runDue(S), "the ejection's end is the next thing due");
        checker.runDue(10 * S);
        assertTrue(probed.isEmpty());
        assertEquals(HealthEvent.Kind.RETURNED, events.get(events.size() - 1).kind(),
                "the ejection ended without a request to notice");
    }

    @Test
    void endpointsThatStayKeepTheirScheduleAcrossWatch() {
        HealthChecker checker = new HealthChecker(probe, () -> now);
        Pool first = pool(check());
        checker.watch(List.of(first));
        checker.runDue(0);
        pending.forEach(f -> f.complete(new Probe.Result(true, "ok")));
        checker.watch(List.of(first));
        checker.runDue(S);
        assertEquals(2, probed.size(), "not probed again before the interval");
    }

    /** A probe that completes exceptionally counts as a failure instead of stalling the endpoint. */
    @Test
    void aProbeThatThrowsIsAFailure() {
        Probe broken = (endpoint, config) -> {
            CompletableFuture<Probe.Result> f = new CompletableFuture<>();
            f.completeExceptionally(new IllegalStateException("boom"));
            return f;
        };
        Pool pool = pool(check());
        HealthChecker checker = new HealthChecker(broken, () -> now);
        checker.watch(List.of(pool));
        checker.runDue(0);
        assertFalse(pool.health().healthy(0));
        assertTrue(events.get(0).reason().contains("boom"), events.get(0).reason());
    }

    static CompletionStage<Probe.Result> passed() {
        return CompletableFuture.completedFuture(new Probe.Result(true, "ok"));
    }
}
