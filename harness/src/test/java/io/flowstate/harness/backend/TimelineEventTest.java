package io.flowstate.harness.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonSyntaxException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineEventTest {

    @Test
    void parsesEventsInWrittenOrder() throws JsonSyntaxException {
        List<TimelineEvent> events = TimelineEvent.parse(Json.parse("""
                [{"at": "10s", "backend": "b2", "set": {"latency": {"fixed": "200ms"}}},
                 {"at": "20s", "backend": "b3", "set": {"mode": "refuse"}},
                 {"at": "500us", "backend": "b1", "set": {}}]"""), "timeline");
        assertEquals(3, events.size());
        assertEquals(new TimelineEvent(Duration.ofSeconds(10), "b2",
                Json.parse("{\"latency\":{\"fixed\":\"200ms\"}}")), events.get(0));
        assertEquals(Duration.ofSeconds(20), events.get(1).at());
        assertEquals("b3", events.get(1).backend());
        assertEquals(Duration.ofNanos(500_000), events.get(2).at());
    }

    @Test
    void errorsNameTheJsonPath() {
        assertMessage("timeline: expected an array of events, found object at 1:1", "{}");
        assertMessage("timeline[0].at: missing required key \"at\" at 1:2", "[{\"backend\":\"b\",\"set\":{}}]");
        assertMessage("timeline[0].when: unknown key \"when\"; expected one of at, backend, set at 1:3",
                "[{\"when\":\"1s\",\"backend\":\"b\",\"set\":{}}]");
        assertMessage("timeline[1].set.mode: unknown mode \"dead\"",
                "[{\"at\":\"1s\",\"backend\":\"b\",\"set\":{}},"
                        + "{\"at\":\"2s\",\"backend\":\"b\",\"set\":{\"mode\":\"dead\"}}]");
        assertMessage("timeline[0].at: invalid duration \"-1s\"", "[{\"at\":\"-1s\",\"backend\":\"b\",\"set\":{}}]");
        assertMessage("timeline[0].backend: expected a string, found number",
                "[{\"at\":\"1s\",\"backend\":2,\"set\":{}}]");
        assertMessage("timeline[0].set: expected an object, found string",
                "[{\"at\":\"1s\",\"backend\":\"b\",\"set\":\"refuse\"}]");
    }

    private static void assertMessage(String expectedStart, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimelineEvent.parse(Json.parse(text), "timeline"));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
