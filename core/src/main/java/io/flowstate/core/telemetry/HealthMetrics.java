package io.flowstate.core.telemetry;

import io.flowstate.core.health.HealthEvent;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import java.util.Locale;

/**
 * Counts health events: ejections by what caused them, health transitions and breaker
 * transitions by the state entered. Events are rare, so each resolves its counter then.
 */
public final class HealthMetrics implements HealthListener {
    private final Metrics metrics;

    public HealthMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void on(HealthEvent e) {
        if (e.endpoint() == null) {
            return;                                            // panic: read from the pool gauge
        }
        switch (e.kind()) {
            case EJECTED -> metrics.counter(MetricNames.ENDPOINT_EJECTIONS, e.pool(), e.endpoint(), cause(e.reason())).inc();
            case HEALTHY, UNHEALTHY, RETURNED -> metrics.counter(MetricNames.ENDPOINT_HEALTH_TRANSITIONS, e.pool(),
                    e.endpoint(), e.kind().name().toLowerCase(Locale.ROOT)).inc();
            case BREAKER_OPENED, BREAKER_HALF_OPENED, BREAKER_CLOSED -> metrics.counter(
                    MetricNames.CIRCUIT_BREAKER_TRANSITIONS, e.pool(), e.endpoint(),
                    e.kind().name().substring("BREAKER_".length()).toLowerCase(Locale.ROOT)).inc();
            default -> { }
        }
    }

    /**
     * The detector behind an ejection, as a bounded label value, from the reason
     * {@code PoolHealth} wrote: {@code local_origin}, {@code consecutive_5xx},
     * {@code gateway_failure}, {@code success_rate}, {@code latency}, {@code probation}.
     */
    static String cause(String reason) {
        if (reason.startsWith("failed on probation")) {
            return "probation";
        }
        if (reason.contains("consecutive failures")) {
            return "local_origin";
        }
        if (reason.contains("consecutive 5xx")) {
            return "consecutive_5xx";
        }
        if (reason.contains("consecutive gateway failures")) {
            return "gateway_failure";
        }
        if (reason.startsWith("success rate")) {
            return "success_rate";
        }
        return reason.contains("latency") ? "latency" : "other";
    }
}
