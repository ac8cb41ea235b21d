package io.flowstate.harness.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonSyntaxException;
import io.flowstate.core.json.JsonValue;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BehaviourTest {

    @Test
    void defaultIsAsDocumented() {
        Behaviour d = Behaviour.DEFAULT;
        assertEquals(Latency.NONE, d.latency());
        assertEquals(100, d.responseBytes());
        assertEquals(false, d.chunked());
        assertEquals(0.0, d.errorRate());
        assertEquals(503, d.errorStatus());
        assertEquals(true, d.keepAlive());
        assertEquals(Mode.UP, d.mode());
    }

    @Test
    void parseAppliesEveryKeyOverTheBase() throws JsonSyntaxException {
        Behaviour b = Behaviour.parse(json("""
                {"latency": {"fixed": "5ms"}, "responseBytes": 2048, "chunked": true, "errorRate": 0.25,
                 "errorStatus": 500, "keepAlive": false, "mode": "slow-body"}"""), "b", Behaviour.DEFAULT);
        assertEquals(new Behaviour(new Latency.Fixed(Duration.ofMillis(5)), 2048, true, 0.25, 500, false,
                Mode.SLOW_BODY), b);
    }

    @Test
    void keysLeftOutKeepTheBase() throws JsonSyntaxException {
        Behaviour base = Behaviour.DEFAULT.withErrorStatus(502).withResponseBytes(7);
        assertEquals(base.withMode(Mode.REFUSE), Behaviour.parse(json("{\"mode\":\"refuse\"}"), "b", base));
        assertEquals(base, Behaviour.parse(json("{}"), "b", base));
    }

    @Test
    void everyModeHasItsJsonName() {
        assertEquals(List.of("up", "refuse", "reset", "hang", "error", "slow-body"),
                List.of(Mode.values()).stream().map(Mode::jsonName).toList());
        for (Mode m : Mode.values()) {
            assertEquals(m, Mode.fromJsonName(m.jsonName()));
        }
    }

    @Test
    void errorsNameTheJsonPath() {
        assertMessage("backends[1].behaviour.latncy: unknown key \"latncy\"; expected one of latency, "
                + "responseBytes, chunked, errorRate, errorStatus, keepAlive, mode at 1:2", "{\"latncy\":1}");
        assertMessage("backends[1].behaviour.mode: unknown mode \"dead\"; expected one of up, refuse, reset, hang, "
                + "error, slow-body at 1:9", "{\"mode\":\"dead\"}");
        assertMessage("backends[1].behaviour.responseBytes: must be between 0 and 67108864, found -1 at 1:18",
                "{\"responseBytes\":-1}");
        assertMessage("backends[1].behaviour.responseBytes: expected a whole number, found 1.5 at 1:18",
                "{\"responseBytes\":1.5}");
        assertMessage("backends[1].behaviour.errorRate: must be between 0.0 and 1.0, found 2 at 1:14",
                "{\"errorRate\":2}");
        assertMessage("backends[1].behaviour.errorStatus: must be between 400 and 599, found 200 at 1:16",
                "{\"errorStatus\":200}");
        assertMessage("backends[1].behaviour.chunked: expected true or false, found string at 1:12",
                "{\"chunked\":\"yes\"}");
        assertMessage("backends[1].behaviour.latency.fixed: invalid duration \"soon\"",
                "{\"latency\":{\"fixed\":\"soon\"}}");
        assertMessage("backends[1].behaviour: expected an object, found array at 1:1", "[]");
    }

    @Test
    void constructorChecksRanges() {
        assertThrows(IllegalArgumentException.class, () -> Behaviour.DEFAULT.withErrorRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Behaviour.DEFAULT.withErrorRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> Behaviour.DEFAULT.withResponseBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> Behaviour.DEFAULT.withErrorStatus(302));
        assertThrows(NullPointerException.class, () -> Behaviour.DEFAULT.withMode(null));
        assertEquals(Behaviour.DEFAULT, Behaviour.DEFAULT.withErrorRate(-0.0));
    }

    @Test
    void backendNamesMustBeHeaderSafe() {
        assertThrows(IllegalArgumentException.class, () -> BackendSpec.of(""));
        assertThrows(IllegalArgumentException.class, () -> BackendSpec.of("b 1"));
        assertThrows(IllegalArgumentException.class, () -> BackendSpec.of("b1\r\nX-Evil: 1"));
        assertEquals("web-1.a_b~", BackendSpec.of("web-1.a_b~").name());
    }

    @Property(tries = 300)
    void toJsonReadsBackEqualOverAnyBase(@ForAll("behaviours") Behaviour b, @ForAll("behaviours") Behaviour base) {
        assertEquals(b, Behaviour.parse(b.toJson(), "b", base));
    }

    @Provide
    Arbitrary<Behaviour> behaviours() {
        Arbitrary<Latency> latency = Arbitraries.of(Latency.NONE, new Latency.Fixed(Duration.ofNanos(1_500)),
                new Latency.Uniform(Duration.ofMillis(1), Duration.ofMillis(9)),
                new Latency.Exponential(Duration.ofMillis(3)), new Latency.LogNormal(Duration.ofMillis(2), 0.75));
        return Combinators.combine(latency, Arbitraries.integers().between(0, Behaviour.MAX_RESPONSE_BYTES),
                        Arbitraries.of(true, false), Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(400, 599), Arbitraries.of(true, false),
                        Arbitraries.of(Mode.class))
                .as(Behaviour::new);
    }

    private static JsonValue json(String text) throws JsonSyntaxException {
        return Json.parse(text);
    }

    private static void assertMessage(String expectedStart, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Behaviour.parse(json(text), "backends[1].behaviour", Behaviour.DEFAULT));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
