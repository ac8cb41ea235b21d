package io.flowstate.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Profiles: the warm-up range, the defaults, and every scenario file in scenarios/. */
class ScenarioProfileTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");

    static Scenario parse(String profiles) throws Exception {
        return Scenario.parse(Json.parse("""
                { "name": "t", "backends": [ { "name": "b1" } ], "loads": [ { "connections": 1 } ],
                  "profiles": %s }""".formatted(profiles)));
    }

    @Test
    void aWarmUpRangeIsReadAndAFixedOneIsItsOwnCap() throws Exception {
        Scenario s = parse("""
                { "quick": { "warmup": "5s", "warmupMax": "20s", "duration": "3s", "repeats": 4 },
                  "fixed": { "warmup": "2s", "duration": "3s" } }""");
        assertEquals(new Scenario.Profile(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(3), 4),
                s.profile("quick"));
        assertEquals(1, s.profile("fixed").repeats(), "once unless asked");
        assertEquals(Duration.ofSeconds(2), s.profile("fixed").warmupMax());
        assertEquals(Scenario.DEFAULT_PROFILES.get("full"), s.profile("full"), "full by default");
    }

    @Test
    void aCapBelowTheMinimumIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("{ \"quick\": { \"warmup\": \"5s\", \"warmupMax\": \"2s\", \"duration\": \"3s\" } }"));
        assertTrue(e.getMessage().contains("profiles.quick.warmupMax"), e.getMessage());
    }

    @Test
    void repeatsOutOfRangeAreRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("{ \"quick\": { \"duration\": \"3s\", \"repeats\": 0 } }"));
        assertTrue(e.getMessage().contains("profiles.quick.repeats"), e.getMessage());
    }

    @Test
    void everyScenarioFileParsesAndItsFullProfileWarmsUpUntilSteadyAndRepeatsThrice() throws Exception {
        try (var files = Files.list(SCENARIOS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Scenario s = Scenario.load(file);
                Scenario.Profile full = s.profile("full");
                assertTrue(full.warmupMax().compareTo(full.warmup()) > 0, file + ": full warms up until steady");
                assertTrue(full.repeats() >= 3, file + ": full measures each point at least 3 times");
            }
        }
    }
}
