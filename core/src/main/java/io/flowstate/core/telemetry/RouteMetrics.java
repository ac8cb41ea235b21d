package io.flowstate.core.telemetry;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.ExchangeObserver;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.metrics.CodeClass;
import io.flowstate.core.metrics.Counter;
import io.flowstate.core.metrics.Gauge;
import io.flowstate.core.metrics.Histogram;
import io.flowstate.core.metrics.Labels;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.time.Ticker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The metrics of one route, resolved when the config is compiled: requests by backend,
 * method and status class, requests in flight, duration, body bytes, client disconnects,
 * and requests the route's filters or pool turned away.
 *
 * <p>Per request: {@link #started} (a gauge increment and one field write) and, when the
 * exchange finishes, {@link #finished} (adders and a histogram bucket): no lock, and no
 * allocation once a (backend, method, class) combination has been seen; its counter is
 * resolved the first time and cached in an array.
 */
public final class RouteMetrics implements ExchangeObserver {
    /** The label value for "no route" and "no backend": empty, which Prometheus reads as absent. */
    public static final String NONE = "";
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
            "PATCH", Labels.OTHER_METHOD};
    private static final int CLASSES = CodeClass.values().length;
    /** Reasons counted as rejections: the proxy turned the request away before any backend saw it. */
    static final List<String> REJECTIONS = List.of("concurrency_limit", "credentials_missing", "credentials_invalid",
            "no_healthy_endpoint");

    private final Metrics metrics;
    private final Ticker ticker;
    private final String route;
    private final String pool;
    private final List<String> backends;
    private final Map<String, Integer> backendIndex = new HashMap<>();
    private final AtomicReferenceArray<Counter> requests;
    private final Gauge inFlight;
    private final Histogram duration;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter disconnects;
    private final Counter rateLimited;
    private final Map<String, Counter> rejected = new HashMap<>();

    /**
     * @param route    the route's name, or {@link #NONE} for requests that matched none
     * @param pool     its pool's name, or {@link #NONE}
     * @param backends the pool's endpoint keys ({@code host:port}), in order
     */
    public RouteMetrics(Metrics metrics, Ticker ticker, String route, String pool, List<String> backends) {
        this.metrics = metrics;
        this.ticker = ticker;
        this.route = route;
        this.pool = pool;
        this.backends = List.copyOf(backends);
        for (int i = 0; i < this.backends.size(); i++) {
            backendIndex.put(this.backends.get(i), i + 1);    // 0 is "none"
        }
        this.requests = new AtomicReferenceArray<>((this.backends.size() + 1) * METHODS.length * CLASSES);
        this.inFlight = metrics.gauge(MetricNames.REQUESTS_IN_FLIGHT, route);
        this.duration = metrics.histogram(MetricNames.REQUEST_DURATION, route);
        this.bytesIn = metrics.counter(MetricNames.REQUEST_BODY_BYTES, route);
        this.bytesOut = metrics.counter(MetricNames.RESPONSE_BODY_BYTES, route);
        this.disconnects = metrics.counter(MetricNames.CLIENT_DISCONNECTS, route);
        this.rateLimited = metrics.counter(MetricNames.RATE_LIMITED, route);
        for (String reason : REJECTIONS) {
            rejected.put(reason, metrics.counter(MetricNames.REJECTED, route, reason));
        }
    }

    /** Called by the gateway once per request routed here, before its chain runs. */
    public void started(Exchange exchange) {
        inFlight.inc();
        exchange.observe(this);
    }

    @Override
    public void finished(Exchange exchange, int status) {
        inFlight.dec();
        duration.observeNanos(ticker.nanoTime() - exchange.startNanos());
        // Adding 0 would still be a CAS on the adder: a request without a body skips it.
        long in = exchange.requestBytes();
        if (in != 0) {
            bytesIn.add(in);
        }
        long out = exchange.responseBytes();
        if (out != 0) {
            bytesOut.add(out);
        }
        String reason = exchange.errorReason();
        if (status == 499 || CancelCause.CLIENT_CLOSED.reason().equals(reason)) {
            disconnects.inc();
        }
        if (reason != null) {
            if (reason.equals("rate_limited")) {
                rateLimited.inc();
            } else {
                Counter c = rejected.get(reason);
                if (c != null) {
                    c.inc();
                }
            }
        }
        requests(exchange.backend(), exchange.request().method(), status).inc();
    }

    private Counter requests(String backend, String method, int status) {
        Integer b = backend == null ? null : backendIndex.get(backend);
        int bi = b == null ? 0 : b;
        int mi = methodIndex(method);
        CodeClass cc = CodeClass.of(status);
        int slot = (bi * METHODS.length + mi) * CLASSES + cc.ordinal();
        Counter c = requests.get(slot);
        if (c == null) {
            c = metrics.counter(MetricNames.REQUESTS, route, pool, bi == 0 ? NONE : backends.get(bi - 1),
                    METHODS[mi], cc.label());
            requests.set(slot, c);
        }
        return c;
    }

    private static int methodIndex(String method) {
        String m = Labels.method(method);
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i] == m || METHODS[i].equals(m)) {
                return i;
            }
        }
        return METHODS.length - 1;
    }
}
