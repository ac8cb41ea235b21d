package io.flowstate.harness.backend;

import static io.flowstate.harness.backend.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private TestBackends backends;

    @BeforeEach
    void start() throws Exception {
        backends = TestBackends.start(List.of(BackendSpec.of("b1"), BackendSpec.of("b2")), 1);
    }

    @AfterEach
    void stop() {
        backends.close();
    }

    @Test
    void eventsApplyInOrderOnTopOfTheCurrentBehaviour() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        backends.addListener(new TestBackends.Listener() {
            @Override
            public void changed(String backend, Behaviour behaviour) {
                seen.add(backend + " " + behaviour.mode().jsonName() + " " + behaviour.responseBytes());
            }
        });
        List<TimelineEvent> events = TimelineEvent.parse(Json.parse("""
                [{"at": "50ms", "backend": "b2", "set": {"mode": "up", "responseBytes": 7}},
                 {"at": "0ms", "backend": "b2", "set": {"mode": "error", "errorStatus": 500}},
                 {"at": "50ms", "backend": "b1", "set": {"mode": "refuse"}}]"""), "timeline");
        try (TestBackends.Timeline t = backends.schedule(events)) {
            t.done().get(RawClient.SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
        assertEquals(List.of("b2 error 100", "b2 up 7", "b1 refuse 100"), seen);
        assertEquals(Behaviour.DEFAULT.withErrorStatus(500).withResponseBytes(7), backends.behaviour("b2"));
        try (RawClient c = new RawClient(backends.address("b2"))) {
            assertEquals(7, c.exchange(get("/")).body().length);
        }
        assertEquals(Mode.REFUSE, backends.behaviour("b1").mode());
    }

    @Test
    void anEventAtZeroAffectsTheNextRequest() throws Exception {
        Counted counted = new Counted("b1", 1);
        backends.addListener(counted);
        try (TestBackends.Timeline t = backends.schedule(List.of(
                new TimelineEvent(Duration.ZERO, "b1", Json.parse("{\"mode\":\"error\"}"))))) {
            t.done().get(RawClient.SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            try (RawClient c = new RawClient(backends.address("b1"))) {
                assertEquals(503, c.exchange(get("/")).status());
            }
        }
        counted.await();
        assertEquals(1L, backends.served().get("b1"));
    }

    @Test
    void closingCancelsWhatHasNotRun() throws Exception {
        TestBackends.Timeline t = backends.schedule(List.of(
                new TimelineEvent(Duration.ofHours(1), "b1", Json.parse("{\"mode\":\"hang\"}"))));
        t.close();
        assertTrue(t.done().isCancelled());
        assertThrows(CancellationException.class, () -> t.done().join());
        assertEquals(Behaviour.DEFAULT, backends.behaviour("b1"));
        t.close(); // idempotent
    }

    @Test
    void closingTheBackendsCancelsTheirTimelines() throws Exception {
        TestBackends.Timeline t = backends.schedule(List.of(
                new TimelineEvent(Duration.ofHours(1), "b1", Json.parse("{\"mode\":\"hang\"}"))));
        backends.close();
        assertTrue(t.done().isCancelled());
    }

    @Test
    void anEmptyTimelineIsDoneAtOnce() {
        assertTrue(backends.schedule(List.of()).done().isDone());
    }

    @Test
    void everyEventIsCheckedBeforeAnythingRuns() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> backends.schedule(List.of(
                new TimelineEvent(Duration.ZERO, "b1", Json.parse("{\"mode\":\"hang\"}")),
                new TimelineEvent(Duration.ZERO, "b9", Json.parse("{}")))));
        assertEquals("timeline[1].backend: unknown backend \"b9\"; expected one of b1, b2", unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> backends.schedule(List.of(
                new TimelineEvent(Duration.ZERO, "b1", Json.parse("{\"mode\":\"dead\"}")))));
        assertTrue(bad.getMessage().startsWith("timeline[0].set.mode: unknown mode \"dead\""), bad.getMessage());
        assertEquals(Behaviour.DEFAULT, backends.behaviour("b1"));
    }
}
