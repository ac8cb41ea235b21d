package io.flowstate.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.health.HealthEvent;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T19:35:18.004Z"), ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder();
    private final EventLog log = new EventLog(CLOCK, out);

    private List<JsonObject> lines() throws Exception {
        assertTrue(out.isEmpty() || out.charAt(out.length() - 1) == '\n', "every line ends with a newline");
        List<JsonObject> lines = new java.util.ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(assertInstanceOf(JsonObject.class, Json.parse(line)));
        }
        return lines;
    }

    private static String text(JsonObject o, String key) {
        return assertInstanceOf(JsonString.class, o.get(key), key).value();
    }

    @Test
    void anEventIsOneJsonLineWithTimeLevelEventAndItsPairsInOrder() throws Exception {
        log.log(EventLog.Level.WARN, "request_failed", "requestId", "abc-1", "reason", "a \"quoted\"\nline");
        List<JsonObject> lines = lines();
        assertEquals(1, lines.size());
        JsonObject line = lines.get(0);
        assertEquals(List.of("time", "level", "event", "requestId", "reason"), List.copyOf(line.members().keySet()));
        assertEquals("2026-11-25T19:35:18.004Z", text(line, "time"));
        assertEquals("warn", text(line, "level"));
        assertEquals("request_failed", text(line, "event"));
        assertEquals("abc-1", text(line, "requestId"));
        assertEquals("a \"quoted\"\nline", text(line, "reason"));
    }

    @Test
    void aNullValueLeavesItsPairOut() throws Exception {
        log.log(EventLog.Level.INFO, "server_started", "listen", "127.0.0.1:8080", "requestId", null);
        JsonObject line = lines().get(0);
        assertEquals(List.of("time", "level", "event", "listen"), List.copyOf(line.members().keySet()));
    }

    /** Fields in the config's own formats: a duration as the config writes it, a count as a JSON number. */
    @Test
    void valuesKeepTheirTypesAndDurationsReadAsInTheConfig() throws Exception {
        log.log(EventLog.Level.INFO, "drain_started", "grace", java.time.Duration.ofSeconds(10),
                "drain", java.time.Duration.ofMillis(1500), "cut", 0, "ratio", 0.5, "draining", true);
        JsonObject line = lines().get(0);
        assertEquals("10s", text(line, "grace"));
        assertEquals("1500ms", text(line, "drain"));
        assertEquals(0, assertInstanceOf(io.flowstate.core.json.JsonNumber.class, line.get("cut")).longValue());
        assertEquals(0.5, assertInstanceOf(io.flowstate.core.json.JsonNumber.class, line.get("ratio")).doubleValue());
        assertInstanceOf(io.flowstate.core.json.JsonBoolean.class, line.get("draining"));
        assertTrue(out.toString().contains("\"cut\":0,"), "a number, not \"0\": " + out);
    }

    @Test
    void pairsMustBePairs() {
        assertThrows(IllegalArgumentException.class, () -> log.log(EventLog.Level.INFO, "x", "lonely"));
        assertThrows(IllegalArgumentException.class, () -> log.log(EventLog.Level.INFO, "x", null, "v"));
        assertEquals("", out.toString());
    }

    @Test
    void healthEventsAreLoggedWithPoolEndpointAndReason() throws Exception {
        HealthListener listener = HealthListener.log(log);
        listener.on(new HealthEvent("web", "10.0.0.1:9001", HealthEvent.Kind.EJECTED, "5 consecutive 5xx", 0));
        listener.on(new HealthEvent("web", "10.0.0.1:9001", HealthEvent.Kind.BREAKER_HALF_OPENED, "open for 30s", 0));
        listener.on(new HealthEvent("web", null, HealthEvent.Kind.PANIC_ENTERED, "1 of 4 endpoints available", 0));
        List<JsonObject> lines = lines();
        assertEquals(3, lines.size());

        assertEquals("warn", text(lines.get(0), "level"));
        assertEquals("ejected", text(lines.get(0), "event"));
        assertEquals("web", text(lines.get(0), "pool"));
        assertEquals("10.0.0.1:9001", text(lines.get(0), "endpoint"));
        assertEquals("5 consecutive 5xx", text(lines.get(0), "reason"));

        assertEquals("info", text(lines.get(1), "level"));
        assertEquals("breaker_half_opened", text(lines.get(1), "event"));

        assertEquals("warn", text(lines.get(2), "level"));
        assertEquals("panic_entered", text(lines.get(2), "event"));
        assertEquals(List.of("time", "level", "event", "pool", "reason"),
                List.copyOf(lines.get(2).members().keySet()), "a pool-wide event has no endpoint");
    }
}
