package io.flowstate.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pool's balancer. JSON: {@code "balancer": "p2c"}, or an object naming the strategy
 * and its options, {@code "balancer": {"type": "p2c-ewma", "decay": "5s"}}.
 *
 * <p>Each option belongs to one strategy ({@link #OPTIONS}); the reader rejects it on
 * any other, so a value here that its strategy does not take is always the default.
 *
 * @param type  the strategy's name; default {@value PoolConfig#DEFAULT_BALANCER}
 * @param bias  {@code p2c}: how strongly outstanding requests count against an endpoint,
 *              the exponent in {@code weight / (outstanding + 1)^bias}; {@value #MIN_BIAS}
 *              to {@value #MAX_BIAS}, default {@value #DEFAULT_BIAS}
 * @param decay {@code p2c-ewma}: the time constant of each backend's latency estimate;
 *              greater than 0 and at most {@link #MAX_DECAY} (24 h), default {@link #DEFAULT_DECAY} (10 s)
 */
public record BalancerConfig(String type, double bias, Duration decay) {

    public static final double DEFAULT_BIAS = 1.0;
    public static final double MIN_BIAS = 0.0;
    /** Above 10, {@code (outstanding + 1)^bias} outweighs any weight ratio the config allows (1000 < 2^10). */
    public static final double MAX_BIAS = 10.0;
    public static final Duration DEFAULT_DECAY = Duration.ofSeconds(10);
    /** A day: a longer decay never forgets a slowdown in practice (and nanoseconds stay far from overflow). */
    public static final Duration MAX_DECAY = Duration.ofHours(24);

    /** The options each built-in strategy takes; a strategy not listed takes none. */
    public static final Map<String, List<String>> OPTIONS = Map.of(
            "wrr", List.of(),
            "p2c", List.of("bias"),
            "least-loaded", List.of(),
            "p2c-ewma", List.of("decay"));

    public BalancerConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(decay, "decay");
        if (!(bias >= MIN_BIAS && bias <= MAX_BIAS)) {
            throw new IllegalArgumentException("bias " + bias + " is outside " + MIN_BIAS + ".." + MAX_BIAS);
        }
        if (decay.isNegative() || decay.isZero() || decay.compareTo(MAX_DECAY) > 0) {
            throw new IllegalArgumentException("decay must be greater than 0 and at most " + MAX_DECAY + ", got " + decay);
        }
    }

    /** The strategy {@code type} with every option at its default. */
    public static BalancerConfig of(String type) {
        return new BalancerConfig(type, DEFAULT_BIAS, DEFAULT_DECAY);
    }

    /** The options {@code type} takes, in the order the docs list them. */
    public static List<String> options(String type) {
        return OPTIONS.getOrDefault(type, List.of());
    }
}
