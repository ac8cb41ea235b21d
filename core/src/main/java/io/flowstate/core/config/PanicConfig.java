package io.flowstate.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What a pool does when too few endpoints are available (Envoy's panic threshold).
 * JSON: {@code "health": {"panic": {...}}}.
 *
 * <p>Available means healthy by active checks and not ejected. The pool panics as soon as
 * fewer than {@code thresholdPercent} of its endpoints are available, and leaves panic only
 * after the share has stayed at or above the threshold for {@code cooldown}, so it does not
 * flap between the two at the edge. In panic a fail-open pool sends to every endpoint (a
 * partly sick pool beats none); a fail-closed pool answers 503.
 *
 * @param thresholdPercent 0 to 100; 0 never panics; default {@value #DEFAULT_THRESHOLD_PERCENT}
 * @param failOpen         JSON {@code "mode": "open"} (the default) or {@code "closed"}
 * @param cooldown         default {@link #DEFAULT_COOLDOWN} (5 s)
 */
public record PanicConfig(int thresholdPercent, boolean failOpen, Duration cooldown) {

    public static final int DEFAULT_THRESHOLD_PERCENT = 50;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);
    public static final PanicConfig DEFAULT = new PanicConfig(DEFAULT_THRESHOLD_PERCENT, true, DEFAULT_COOLDOWN);

    public PanicConfig {
        Objects.requireNonNull(cooldown, "cooldown");
        if (thresholdPercent < 0 || thresholdPercent > 100) {
            throw new IllegalArgumentException("thresholdPercent " + thresholdPercent + " is outside 0..100");
        }
    }
}
