package io.flowstate.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Outlier detection after Envoy's model, plus latency. JSON: {@code "health": {"outlier": {...}}};
 * off when absent. Local-origin failures (connect, reset, timeout) are passive health's
 * business ({@link PassiveConfig}); here upstream answers are judged.
 *
 * @param consecutive5xx             5xx responses in a row that eject; 0 off; default {@value #DEFAULT_CONSECUTIVE_5XX}
 * @param consecutiveGatewayFailures 502, 503 or 504 responses in a row that eject; 0 off;
 *                                   default {@value #DEFAULT_CONSECUTIVE_GATEWAY_FAILURES}
 * @param interval                   how often success rate and latency are judged, over the
 *                                   requests of the interval that ended; default {@link #DEFAULT_INTERVAL} (10 s)
 * @param successRate                success-rate ejection, or {@link SuccessRate#OFF}
 * @param latency                    latency ejection, or {@link Latency#OFF}
 */
public record OutlierConfig(int consecutive5xx, int consecutiveGatewayFailures, Duration interval,
                            SuccessRate successRate, Latency latency) {

    public static final int DEFAULT_CONSECUTIVE_5XX = 5;
    public static final int DEFAULT_CONSECUTIVE_GATEWAY_FAILURES = 5;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final OutlierConfig OFF = new OutlierConfig(0, 0, DEFAULT_INTERVAL, SuccessRate.OFF, Latency.OFF);

    public OutlierConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(successRate, "successRate");
        Objects.requireNonNull(latency, "latency");
    }

    /** Whether anything here can eject. */
    public boolean enabled() {
        return consecutive5xx > 0 || consecutiveGatewayFailures > 0 || successRate.enabled() || latency.enabled();
    }

    /**
     * Envoy's success-rate ejection: an endpoint whose success rate over the interval is below
     * {@code mean - stdevFactor * stdev} of the pool's is ejected.
     *
     * @param minimumHosts  endpoints with enough requests needed before any is judged; default 5
     * @param requestVolume requests an endpoint needs in the interval to be judged; default 100
     * @param stdevFactor   default 1.9
     */
    public record SuccessRate(int minimumHosts, int requestVolume, double stdevFactor) {
        public static final SuccessRate OFF = new SuccessRate(0, 0, 0);
        public static final SuccessRate DEFAULT = new SuccessRate(5, 100, 1.9);

        public boolean enabled() {
            return minimumHosts > 0;
        }
    }

    /**
     * Latency ejection: an endpoint whose {@code quantile} latency over the interval is more than
     * {@code factor} times the median of the pool's endpoints, and above {@code minimum}, is ejected.
     *
     * @param quantile      default 0.9
     * @param factor        default 3
     * @param minimum       no endpoint faster than this is ejected for latency; default 50 ms
     * @param minimumHosts  endpoints with enough requests needed before any is judged; default 3
     * @param requestVolume requests an endpoint needs in the interval to be judged; default 50
     */
    public record Latency(double quantile, double factor, Duration minimum, int minimumHosts, int requestVolume) {
        public static final Latency OFF = new Latency(0.9, 3, Duration.ofMillis(50), 0, 0);
        public static final Latency DEFAULT = new Latency(0.9, 3, Duration.ofMillis(50), 3, 50);

        public boolean enabled() {
            return minimumHosts > 0;
        }
    }
}
