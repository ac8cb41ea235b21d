package io.flowstate.core.admin;

import io.flowstate.core.health.ActiveHealth;
import io.flowstate.core.health.EndpointHealth;
import io.flowstate.core.health.HealthEvent;
import io.flowstate.core.json.JsonOut;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.proxy.Snapshot;
import io.flowstate.core.resilience.CircuitBreaker;
import java.util.Locale;

/**
 * {@code GET /admin/backends}: every pool and each endpoint's state, as JSON.
 *
 * <pre>{@code
 * {"pools":[{"name":"web","balancer":"wrr","panic":false,"candidates":2,"endpoints":[
 *   {"address":"127.0.0.1:9001","weight":1,"available":true,"candidate":true,"health":"unchecked",
 *    "ejected":false,"ejections":0,"probation":false,"breaker":"none","outstanding":0,
 *    "latencyEwmaMs":0.42,"events":{"EJECTED":0,...},"lastEvent":null}]}]}
 * }</pre>
 */
final class BackendsView {
    private BackendsView() {
    }

    static String json(Snapshot snapshot) {
        JsonOut out = new JsonOut().object().key("pools").array();
        for (Pool pool : snapshot.pools().values()) {
            long now = pool.ticker().nanoTime();
            var candidates = pool.health().candidates(now);
            out.object()
                    .field("name", pool.name())
                    .field("balancer", snapshot.config().pools().get(pool.name()).balancer().type())
                    .field("panic", pool.health().inPanic())
                    .field("candidates", candidates.size())
                    .key("endpoints").array();
            for (int i = 0; i < pool.endpoints().size(); i++) {
                Endpoint e = pool.endpoints().get(i);
                endpoint(out, e, pool.health().active(i), pool.health().breaker(i), pool.health().available(i),
                        candidates.contains(e), now);
            }
            out.end().end();
        }
        return out.end().end().toString();
    }

    private static void endpoint(JsonOut out, Endpoint e, ActiveHealth active, CircuitBreaker breaker,
                                 boolean available, boolean candidate, long now) {
        EndpointHealth h = e.health();
        out.object()
                .field("address", e.key())
                .field("weight", e.weight())
                .field("available", available)
                .field("candidate", candidate)
                .field("health", active == null ? "unchecked" : !active.decided() ? "pending"
                        : active.healthy() ? "healthy" : "unhealthy")
                .field("ejected", h.ejection().isEjected());
        if (h.ejection().isEjected()) {
            out.field("ejectedForMs", Math.max(0, (h.ejection().untilNanos() - now) / 1_000_000));
        }
        out.field("ejections", h.ejection().count())
                .field("probation", h.ejection().onProbation())
                .field("breaker", breaker == null ? "none" : breaker.state().name().toLowerCase(Locale.ROOT))
                .field("outstanding", e.outstanding())
                .field("latencyEwmaMs", e.latency().hasSamples() ? e.latency().costNanos(now) / 1e6 : 0)
                .key("events").object();
        for (HealthEvent.Kind k : HealthEvent.Kind.values()) {
            if (k != HealthEvent.Kind.PANIC_ENTERED && k != HealthEvent.Kind.PANIC_LEFT) {
                out.field(k.name(), h.count(k));
            }
        }
        out.end().field("lastEvent", h.lastEvent()).end();
    }
}
