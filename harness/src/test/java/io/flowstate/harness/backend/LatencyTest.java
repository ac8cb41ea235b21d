package io.flowstate.harness.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonSyntaxException;
import io.flowstate.harness.spec.SpecJson;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

class LatencyTest {

    private static final int SAMPLES = 100_000;

    private static long[] samples(Latency l, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] out = new long[SAMPLES];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.sampleNanos(rng);
        }
        return out;
    }

    private static double mean(long[] xs) {
        return Arrays.stream(xs).average().orElseThrow();
    }

    private static long median(long[] xs) {
        long[] sorted = xs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void fixedIsExactAndDrawsNothing() {
        Latency l = new Latency.Fixed(Duration.ofMillis(5));
        SplittableRandom rng = new SplittableRandom(1);
        SplittableRandom untouched = new SplittableRandom(1);
        assertEquals(5_000_000, l.sampleNanos(rng));
        assertEquals(untouched.nextLong(), rng.nextLong());
        assertFalse(l.random());
        assertEquals(0, Latency.NONE.sampleNanos(rng));
    }

    @Test
    void everyDistributionIsDeterministicForASeed() {
        for (Latency l : new Latency[] {
                new Latency.Uniform(Duration.ofMillis(1), Duration.ofMillis(9)),
                new Latency.Exponential(Duration.ofMillis(3)),
                new Latency.LogNormal(Duration.ofMillis(2), 0.5)}) {
            assertArrayEquals(samples(l, 42), samples(l, 42), l.toString());
            assertFalse(Arrays.equals(samples(l, 42), samples(l, 43)), l.toString());
            assertTrue(l.random());
        }
    }

    @Test
    void uniformStaysInItsBoundsWithTheMeanInTheMiddle() {
        Latency l = new Latency.Uniform(Duration.ofMillis(1), Duration.ofMillis(9));
        long[] xs = samples(l, 7);
        assertTrue(Arrays.stream(xs).allMatch(x -> x >= 1_000_000 && x <= 9_000_000));
        assertEquals(5_000_000, mean(xs), 5_000_000 * 0.01);
        assertEquals(5_000_000, l.meanNanos());
        Latency point = new Latency.Uniform(Duration.ofMillis(3), Duration.ofMillis(3));
        assertEquals(3_000_000, point.sampleNanos(new SplittableRandom(1)));
    }

    @Test
    void exponentialHasItsMean() {
        Latency l = new Latency.Exponential(Duration.ofMillis(3));
        long[] xs = samples(l, 7);
        assertEquals(3_000_000, mean(xs), 3_000_000 * 0.02);
        assertTrue(Arrays.stream(xs).allMatch(x -> x >= 0));
    }

    @Test
    void logNormalHasItsMedianAndMean() {
        Latency l = new Latency.LogNormal(Duration.ofMillis(2), 0.5);
        long[] xs = samples(l, 7);
        assertEquals(2_000_000, median(xs), 2_000_000 * 0.02);
        double expectedMean = 2_000_000 * Math.exp(0.125);
        assertEquals(expectedMean, l.meanNanos(), 1e-6);
        assertEquals(expectedMean, mean(xs), expectedMean * 0.02);
    }

    @Test
    void samplesAreCappedAtTheMaximumDelay() {
        Latency l = new Latency.LogNormal(Latency.MAX_DELAY, 10);
        long[] xs = samples(l, 3);
        assertTrue(Arrays.stream(xs).allMatch(x -> x >= 0 && x <= Latency.MAX_DELAY.toNanos()));
        assertTrue(Arrays.stream(xs).anyMatch(x -> x == Latency.MAX_DELAY.toNanos()));
    }

    @Test
    void parsesEveryForm() throws JsonSyntaxException {
        assertEquals(new Latency.Fixed(Duration.ofMillis(5)), parse("{\"fixed\":\"5ms\"}"));
        assertEquals(new Latency.Fixed(Duration.ofNanos(250_000)), parse("\"250us\""));
        assertEquals(new Latency.Uniform(Duration.ofMillis(1), Duration.ofMillis(9)),
                parse("{\"uniform\":[\"1ms\",\"9ms\"]}"));
        assertEquals(new Latency.Exponential(Duration.ofMillis(3)), parse("{\"exponential\":\"3ms\"}"));
        assertEquals(new Latency.LogNormal(Duration.ofMillis(2), 0.5),
                parse("{\"lognormal\":{\"median\":\"2ms\",\"sigma\":0.5}}"));
        assertEquals(new Latency.Fixed(Duration.ofNanos(15)), parse("\"15ns\""));
        assertEquals(new Latency.Fixed(Duration.ofSeconds(1)), parse("\"1s\""));
    }

    @Test
    void durationsTakeEveryUnitAndNothingElse() {
        assertEquals(Duration.ofNanos(15), SpecJson.parseDuration("15ns"));
        assertEquals(Duration.ofNanos(250_000), SpecJson.parseDuration("250us"));
        assertEquals(Duration.ofNanos(250_000), SpecJson.parseDuration("250µs"));
        assertEquals(Duration.ofMillis(5), SpecJson.parseDuration("5ms"));
        assertEquals(Duration.ofSeconds(1), SpecJson.parseDuration("1s"));
        assertEquals(Duration.ofMinutes(2), SpecJson.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), SpecJson.parseDuration("1h"));
        for (String bad : List.of("", "5", "ms", "1.5ms", "-1s", "5 ms", "1m30s", "5d", "99999999999999999999ns")) {
            assertThrows(IllegalArgumentException.class, () -> SpecJson.parseDuration(bad), bad);
        }
        assertEquals("250us", SpecJson.formatDuration(Duration.ofNanos(250_000)));
        assertEquals("1500ms", SpecJson.formatDuration(Duration.ofMillis(1500)));
        assertEquals("7ns", SpecJson.formatDuration(Duration.ofNanos(7)));
    }

    @Test
    void parseErrorsNameThePath() {
        assertMessage("lat: expected exactly one of fixed, uniform, exponential, lognormal; found 2 at 1:1",
                "{\"fixed\":\"1ms\",\"exponential\":\"1ms\"}");
        assertMessage("lat.constant: unknown key \"constant\"; expected one of fixed, uniform, exponential, "
                + "lognormal at 1:2", "{\"constant\":\"1ms\"}");
        assertMessage("lat.fixed: invalid duration \"5 ms\"", "{\"fixed\":\"5 ms\"}");
        assertMessage("lat.uniform[1]: invalid duration \"x\"", "{\"uniform\":[\"1ms\",\"x\"]}");
        assertMessage("lat.uniform: expected [min, max], two durations at 1:12", "{\"uniform\":[\"1ms\"]}");
        assertMessage("lat.uniform: uniform min 9ms is greater than max 1ms at 1:12",
                "{\"uniform\":[\"9ms\",\"1ms\"]}");
        assertMessage("lat.lognormal.sigma: missing required key \"sigma\" at 1:14",
                "{\"lognormal\":{\"median\":\"2ms\"}}");
        assertMessage("lat.lognormal.sigma: must be between 0.0 and 10.0, found -1 at 1:38",
                "{\"lognormal\":{\"median\":\"2ms\",\"sigma\":-1}}");
        assertMessage("lat.exponential: must be at most 1h at 1:16", "{\"exponential\":\"2h\"}");
        assertMessage("lat: expected an object, found number at 1:1", "5");
    }

    @Property(tries = 300)
    void toJsonReadsBackEqual(@ForAll("latencies") Latency l) {
        assertEquals(l, Latency.parse(l.toJson(), "lat"));
    }

    @Property(tries = 300)
    void samplesStayWithinTheBounds(@ForAll("latencies") Latency l, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 100; i++) {
            long x = l.sampleNanos(rng);
            assertTrue(x >= 0 && x <= Latency.MAX_DELAY.toNanos(), l + " gave " + x);
        }
    }

    @Provide
    Arbitrary<Latency> latencies() {
        Arbitrary<Duration> d = Arbitraries.oneOf(
                Arbitraries.longs().between(0, Latency.MAX_DELAY.toNanos()),
                Arbitraries.longs().between(0, 3_600).map(s -> s * 1_000_000_000L),
                Arbitraries.longs().between(0, 10_000).map(us -> us * 1_000L)).map(Duration::ofNanos);
        Arbitrary<Latency> uniform = Combinators.combine(d, d)
                .as((a, b) -> new Latency.Uniform(a.compareTo(b) <= 0 ? a : b, a.compareTo(b) <= 0 ? b : a));
        Arbitrary<Latency> logNormal = Combinators.combine(d, Arbitraries.doubles().between(0, 10))
                .as(Latency.LogNormal::new);
        return Arbitraries.oneOf(d.map(Latency.Fixed::new), uniform, d.map(Latency.Exponential::new), logNormal);
    }

    private static Latency parse(String json) throws JsonSyntaxException {
        return Latency.parse(Json.parse(json), "lat");
    }

    private static void assertMessage(String expectedStart, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
