package io.flowstate.core.telemetry;

import io.flowstate.core.health.EndpointHealth;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.resilience.CircuitBreaker;

/**
 * Registers the gauges read at scrape time from a pool's live state: each endpoint's
 * health, ejection, breaker state and outstanding tries, and the pool's panic. A reload
 * registers them again for the new pool (replacing the callbacks of endpoints that stay);
 * the server removes the series of endpoints that went.
 */
public final class PoolGauges {
    private PoolGauges() {
    }

    /** @param upstream asked for idle connections at scrape time, where it can tell */
    public static void register(Metrics metrics, Pool pool, io.flowstate.core.spi.Upstream upstream) {
        String p = pool.name();
        metrics.callbackGauge(MetricNames.POOL_PANIC, () -> pool.health().inPanic() ? 1 : 0, p);
        for (int i = 0; i < pool.endpoints().size(); i++) {
            Endpoint e = pool.endpoints().get(i);
            int index = i;
            EndpointHealth h = e.health();
            metrics.callbackGauge(MetricNames.ENDPOINT_HEALTHY, () -> pool.health().healthy(index) ? 1 : 0, p, e.key());
            metrics.callbackGauge(MetricNames.ENDPOINT_EJECTED, () -> h.ejection().isEjected() ? 1 : 0, p, e.key());
            metrics.callbackGauge(MetricNames.ENDPOINT_OUTSTANDING_REQUESTS, e::outstanding, p, e.key());
            metrics.callbackGauge(MetricNames.CIRCUIT_BREAKER_STATE, () -> {
                CircuitBreaker b = pool.health().breaker(index);
                return b == null ? CircuitBreaker.State.CLOSED.gauge() : b.state().gauge();
            }, p, e.key());
            if (upstream.idleConnections(e) >= 0) {
                metrics.callbackGauge(MetricNames.UPSTREAM_CONNECTIONS_IDLE, () -> upstream.idleConnections(e), p, e.key());
            }
        }
    }
}
