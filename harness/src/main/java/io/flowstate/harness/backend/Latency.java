package io.flowstate.harness.backend;

import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.spec.SpecJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a test backend waits before it writes a response head: a distribution sampled once
 * per request from the backend's own seeded generator.
 *
 * <p>Every duration is between zero and {@link #MAX_DELAY}, and every sample is capped at
 * {@link #MAX_DELAY}, so that a heavy tail cannot park a connection for hours.
 *
 * <p>JSON (what {@link #parse} reads and {@link #toJson} writes): exactly one of
 * <pre>
 * {"fixed": "5ms"}                                  or just "5ms"
 * {"uniform": ["1ms", "9ms"]}                       min and max, both inclusive
 * {"exponential": "3ms"}                            the mean
 * {"lognormal": {"median": "2ms", "sigma": 0.5}}    sigma of the underlying normal
 * </pre>
 * Durations are a whole number and a unit: {@code ns}, {@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h} ({@code "250us"}).
 */
public sealed interface Latency permits Latency.Fixed, Latency.Uniform, Latency.Exponential, Latency.LogNormal {

    /** The largest delay a distribution may name and a sample may take: one hour. */
    Duration MAX_DELAY = Duration.ofHours(1);

    /** No delay at all: {@code Fixed(0)}. */
    Latency NONE = new Fixed(Duration.ZERO);

    /**
     * One delay in nanoseconds, between 0 and {@link #MAX_DELAY}. The same generator state gives
     * the same sample; {@link Fixed} draws nothing from {@code rng}.
     */
    long sampleNanos(RandomGenerator rng);

    /** The distribution's mean in nanoseconds (before the {@link #MAX_DELAY} cap). */
    double meanNanos();

    /** Whether {@link #sampleNanos} draws from its generator; false only for {@link Fixed}. */
    default boolean random() {
        return !(this instanceof Fixed);
    }

    /** This distribution as JSON that {@link #parse} reads back to an equal value. */
    JsonValue toJson();

    /**
     * Reads a distribution.
     *
     * @param path where {@code v} is in its document, for messages ({@code backends[1].behaviour.latency})
     * @throws IllegalArgumentException naming the path (and position) of the first problem
     */
    static Latency parse(JsonValue v, String path) {
        if (v instanceof JsonString) {
            return new Fixed(delay(v, path));
        }
        JsonObject o = SpecJson.object(v, path);
        SpecJson.onlyKeys(o, path, List.of("fixed", "uniform", "exponential", "lognormal"));
        if (o.size() != 1) {
            throw SpecJson.error(path, o, "expected exactly one of fixed, uniform, exponential, lognormal; found "
                    + o.size());
        }
        String kind = o.members().firstEntry().getKey();
        JsonValue arg = o.get(kind);
        String at = SpecJson.key(path, kind);
        try {
            return switch (kind) {
                case "fixed" -> new Fixed(delay(arg, at));
                case "uniform" -> {
                    if (!(arg instanceof JsonArray a) || a.size() != 2) {
                        throw SpecJson.error(at, arg, "expected [min, max], two durations");
                    }
                    yield new Uniform(delay(a.get(0), SpecJson.index(at, 0)), delay(a.get(1), SpecJson.index(at, 1)));
                }
                case "exponential" -> new Exponential(delay(arg, at));
                default -> {
                    JsonObject ln = SpecJson.object(arg, at);
                    SpecJson.onlyKeys(ln, at, List.of("median", "sigma"));
                    Duration median = delay(SpecJson.required(ln, at, "median"), SpecJson.key(at, "median"));
                    double sigma = SpecJson.number(SpecJson.required(ln, at, "sigma"), SpecJson.key(at, "sigma"),
                            0, LogNormal.MAX_SIGMA);
                    yield new LogNormal(median, sigma);
                }
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(at)) {
                throw e;
            }
            throw SpecJson.error(at, arg, e.getMessage());
        }
    }

    private static Duration delay(JsonValue v, String path) {
        Duration d = SpecJson.duration(v, path);
        if (d.compareTo(MAX_DELAY) > 0) {
            throw SpecJson.error(path, v, "must be at most " + SpecJson.formatDuration(MAX_DELAY));
        }
        return d;
    }

    private static Duration check(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(what + " must be between 0 and " + SpecJson.formatDuration(MAX_DELAY)
                    + ", found " + d);
        }
        return d;
    }

    private static long cap(double nanos) {
        return nanos >= MAX_DELAY.toNanos() ? MAX_DELAY.toNanos() : (long) nanos;
    }

    private static JsonValue single(String key, JsonValue value) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put(key, value);
        return new JsonObject(m);
    }

    private static JsonString text(Duration d) {
        return new JsonString(SpecJson.formatDuration(d));
    }

    /** Always {@code delay}. */
    record Fixed(Duration delay) implements Latency {
        public Fixed {
            check(delay, "fixed delay");
        }

        @Override
        public long sampleNanos(RandomGenerator rng) {
            return delay.toNanos();
        }

        @Override
        public double meanNanos() {
            return delay.toNanos();
        }

        @Override
        public JsonValue toJson() {
            return single("fixed", text(delay));
        }
    }

    /** Uniform on whole nanoseconds from {@code min} to {@code max}, both inclusive. */
    record Uniform(Duration min, Duration max) implements Latency {
        public Uniform {
            check(min, "uniform min");
            check(max, "uniform max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("uniform min " + SpecJson.formatDuration(min)
                        + " is greater than max " + SpecJson.formatDuration(max));
            }
        }

        @Override
        public long sampleNanos(RandomGenerator rng) {
            long lo = min.toNanos();
            return lo + rng.nextLong(max.toNanos() - lo + 1);
        }

        @Override
        public double meanNanos() {
            return (min.toNanos() + (double) max.toNanos()) / 2;
        }

        @Override
        public JsonValue toJson() {
            return single("uniform", new JsonArray(List.of(text(min), text(max))));
        }
    }

    /** Exponential with the given mean (a memoryless service time; M/M/1's). */
    record Exponential(Duration mean) implements Latency {
        public Exponential {
            check(mean, "exponential mean");
        }

        @Override
        public long sampleNanos(RandomGenerator rng) {
            return cap(mean.toNanos() * rng.nextExponential());
        }

        @Override
        public double meanNanos() {
            return mean.toNanos();
        }

        @Override
        public JsonValue toJson() {
            return single("exponential", text(mean));
        }
    }

    /**
     * Log-normal: {@code median * exp(sigma * Z)} with Z standard normal, so half the samples are
     * below {@code median}; the mean is {@code median * exp(sigma^2 / 2)}. Sigma is at most
     * {@link #MAX_SIGMA}.
     */
    record LogNormal(Duration median, double sigma) implements Latency {

        /** The largest sigma accepted; beyond it nearly every sample would hit a bound. */
        public static final double MAX_SIGMA = 10;

        public LogNormal {
            check(median, "lognormal median");
            if (!(sigma >= 0 && sigma <= MAX_SIGMA)) {
                throw new IllegalArgumentException("lognormal sigma must be between 0 and " + MAX_SIGMA
                        + ", found " + sigma);
            }
        }

        @Override
        public long sampleNanos(RandomGenerator rng) {
            return cap(median.toNanos() * Math.exp(sigma * rng.nextGaussian()));
        }

        @Override
        public double meanNanos() {
            return median.toNanos() * Math.exp(sigma * sigma / 2);
        }

        @Override
        public JsonValue toJson() {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("median", text(median));
            m.put("sigma", JsonNumber.of(BigDecimal.valueOf(sigma)));
            return single("lognormal", new JsonObject(m));
        }
    }
}
