package io.flowstate.core.telemetry;

import io.flowstate.core.health.Outcome;
import io.flowstate.core.metrics.CodeClass;
import io.flowstate.core.metrics.Counter;
import io.flowstate.core.metrics.Histogram;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.spi.UpstreamException;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics of one pool's tries, resolved when the config is compiled: per endpoint the
 * answers by status class, the failures before a head by kind, time to first byte, and the
 * connections the engine opened or reused (reported through {@code Endpoint.connections()});
 * per pool the retries by what caused them. Recording looks the endpoint up in an identity map
 * and bumps an adder: no lock, no allocation.
 */
public final class UpstreamMetrics {
    private final Map<Endpoint, PerEndpoint> endpoints = new IdentityHashMap<>();
    private final Map<Outcome, Counter> retries = new EnumMap<>(Outcome.class);

    private static final class PerEndpoint implements io.flowstate.core.pool.ConnectionObserver {
        final Counter[] answers = new Counter[CodeClass.values().length];
        final Map<UpstreamException.Kind, Counter> errors = new EnumMap<>(UpstreamException.Kind.class);
        Histogram ttfb;
        Counter opened;
        Counter reused;
        Histogram connect;

        @Override
        public void opened(long connectNanos) {
            opened.inc();
            connect.observeNanos(connectNanos);
        }

        @Override
        public void reused() {
            reused.inc();
        }
    }

    /** Without connection metrics: for an upstream that does not report connections. */
    public UpstreamMetrics(Metrics metrics, String pool, List<Endpoint> members) {
        this(metrics, pool, members, false);
    }

    /** @param connections whether the upstream reports connections opened and reused */
    public UpstreamMetrics(Metrics metrics, String pool, List<Endpoint> members, boolean connections) {
        for (Endpoint e : members) {
            PerEndpoint p = new PerEndpoint();
            for (CodeClass c : CodeClass.values()) {
                p.answers[c.ordinal()] = metrics.counter(MetricNames.UPSTREAM_REQUESTS, pool, e.key(), c.label());
            }
            for (UpstreamException.Kind k : UpstreamException.Kind.values()) {
                if (k == UpstreamException.Kind.UNSENDABLE) {
                    continue;                                  // not the endpoint's error: never counted on it
                }
                p.errors.put(k, metrics.counter(MetricNames.UPSTREAM_ERRORS, pool, e.key(), k.reason()));
            }
            p.ttfb = metrics.histogram(MetricNames.UPSTREAM_TTFB, pool, e.key());
            if (connections && metrics.enabled()) {
                p.opened = metrics.counter(MetricNames.UPSTREAM_CONNECTIONS_OPENED, pool, e.key());
                p.reused = metrics.counter(MetricNames.UPSTREAM_CONNECTIONS_REUSED, pool, e.key());
                p.connect = metrics.histogram(MetricNames.UPSTREAM_CONNECT_DURATION, pool, e.key());
                e.connections(p);                              // the engine reports through the endpoint
            }
            endpoints.put(e, p);
        }
        for (Outcome o : Outcome.values()) {
            if (o.isFailure()) {
                String reason = o.isUpstream5xx() ? "status" : o.name().toLowerCase(Locale.ROOT);
                retries.put(o, metrics.counter(MetricNames.UPSTREAM_RETRIES, pool, reason));
            }
        }
    }

    /** A try to {@code e} got a response head {@code ttfbNanos} after it was sent. */
    public void answered(Endpoint e, int status, long ttfbNanos) {
        PerEndpoint p = endpoints.get(e);
        if (p != null) {
            p.answers[CodeClass.of(status).ordinal()].inc();
            p.ttfb.observeNanos(ttfbNanos);
        }
    }

    /** A try to {@code e} failed before a response head. */
    public void failed(Endpoint e, UpstreamException.Kind kind) {
        PerEndpoint p = endpoints.get(e);
        Counter c = p == null ? null : p.errors.get(kind);
        if (c != null) {
            c.inc();
        }
    }

    /** A retry is about to be sent because a try ended with {@code outcome}. */
    public void retried(Outcome outcome) {
        Counter c = retries.get(outcome);
        if (c != null) {
            c.inc();
        }
    }

    /** Records nothing: tests and benchmarks. */
    public static UpstreamMetrics none() {
        return new UpstreamMetrics(Metrics.disabled(), "none", List.of());
    }
}
