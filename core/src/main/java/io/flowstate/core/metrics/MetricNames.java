package io.flowstate.core.metrics;

import static io.flowstate.core.metrics.Labels.BACKEND;
import static io.flowstate.core.metrics.Labels.CODE_CLASS;
import static io.flowstate.core.metrics.Labels.ENGINE;
import static io.flowstate.core.metrics.Labels.METHOD;
import static io.flowstate.core.metrics.Labels.POOL;
import static io.flowstate.core.metrics.Labels.REASON;
import static io.flowstate.core.metrics.Labels.RESULT;
import static io.flowstate.core.metrics.Labels.ROUTE;
import static io.flowstate.core.metrics.Labels.TO;
import static io.flowstate.core.metrics.Labels.VERSION;

import java.util.List;

/**
 * Every metric FlowState exports, in one place: name, type, HELP text and label names.
 * Code records only into these constants; docs/metrics.md lists the same metrics, and a
 * test fails when the two drift apart.
 *
 * <p>Durations are histograms in seconds over {@link DurationBuckets#DEFAULT}, recorded
 * in nanoseconds. Label values are given in the order of each spec's label names.
 */
public final class MetricNames {
    /** {@link #CIRCUIT_BREAKER_STATE}: requests flow. */
    public static final int BREAKER_CLOSED = 0;
    /** {@link #CIRCUIT_BREAKER_STATE}: requests are refused. */
    public static final int BREAKER_OPEN = 1;
    /** {@link #CIRCUIT_BREAKER_STATE}: trial requests decide whether to close again. */
    public static final int BREAKER_HALF_OPEN = 2;

    // ---- requests, as the client sees them ----

    public static final MetricSpec REQUESTS = MetricSpec.counter(
            "flowstate_requests_total",
            "Requests answered, by route, the pool and backend of the last try, method and"
                    + " status class sent to the client.",
            ROUTE, POOL, BACKEND, METHOD, CODE_CLASS);

    public static final MetricSpec REQUESTS_IN_FLIGHT = MetricSpec.gauge(
            "flowstate_requests_in_flight",
            "Requests received whose response is not complete yet.",
            ROUTE);

    public static final MetricSpec REQUEST_DURATION = MetricSpec.histogram(
            "flowstate_request_duration_seconds",
            "Time from a request head read to its response complete or the request failed.",
            ROUTE);

    public static final MetricSpec REQUEST_BODY_BYTES = MetricSpec.counter(
            "flowstate_request_body_bytes_total",
            "Request body bytes read from clients.",
            ROUTE);

    public static final MetricSpec RESPONSE_BODY_BYTES = MetricSpec.counter(
            "flowstate_response_body_bytes_total",
            "Response body bytes written to clients.",
            ROUTE);

    public static final MetricSpec CLIENT_DISCONNECTS = MetricSpec.counter(
            "flowstate_client_disconnects_total",
            "Requests whose client went away before the response was complete (499 in logs).",
            ROUTE);

    public static final MetricSpec RATE_LIMITED = MetricSpec.counter(
            "flowstate_rate_limited_total",
            "Requests answered 429 by a rate limit.",
            ROUTE);

    public static final MetricSpec REJECTED = MetricSpec.counter(
            "flowstate_rejected_total",
            "Requests the proxy answered itself without asking a backend, by reason.",
            ROUTE, REASON);

    // ---- client connections ----

    public static final MetricSpec CONNECTIONS_ACCEPTED = MetricSpec.counter(
            "flowstate_connections_accepted_total",
            "Client connections accepted by the ingress.");

    public static final MetricSpec CONNECTIONS_OPEN = MetricSpec.gauge(
            "flowstate_connections_open",
            "Client connections open now.");

    // ---- tries to backends ----

    public static final MetricSpec UPSTREAM_REQUESTS = MetricSpec.counter(
            "flowstate_upstream_requests_total",
            "Tries that received a response head from a backend, by status class.",
            POOL, BACKEND, CODE_CLASS);

    public static final MetricSpec UPSTREAM_ERRORS = MetricSpec.counter(
            "flowstate_upstream_errors_total",
            "Tries that failed before a response head arrived (local-origin failures), by reason.",
            POOL, BACKEND, REASON);

    public static final MetricSpec UPSTREAM_CONNECT_DURATION = MetricSpec.histogram(
            "flowstate_upstream_connect_duration_seconds",
            "Time to open a new connection to a backend.",
            POOL, BACKEND);

    public static final MetricSpec UPSTREAM_TTFB = MetricSpec.histogram(
            "flowstate_upstream_ttfb_seconds",
            "Time from a try handed to the upstream to its response head received.",
            POOL, BACKEND);

    public static final MetricSpec UPSTREAM_RETRIES = MetricSpec.counter(
            "flowstate_upstream_retries_total",
            "Tries after the first one of a request, by the reason the previous try failed.",
            POOL, REASON);

    public static final MetricSpec UPSTREAM_CONNECTIONS_OPENED = MetricSpec.counter(
            "flowstate_upstream_connections_opened_total",
            "Connections opened to a backend.",
            POOL, BACKEND);

    public static final MetricSpec UPSTREAM_CONNECTIONS_REUSED = MetricSpec.counter(
            "flowstate_upstream_connections_reused_total",
            "Tries sent on a kept-alive connection instead of a new one.",
            POOL, BACKEND);

    public static final MetricSpec UPSTREAM_CONNECTIONS_IDLE = MetricSpec.gauge(
            "flowstate_upstream_connections_idle",
            "Kept-alive connections to a backend waiting for a request.",
            POOL, BACKEND);

    // ---- endpoint state: health, outlier detection, breakers, load ----

    public static final MetricSpec ENDPOINT_EJECTIONS = MetricSpec.counter(
            "flowstate_endpoint_ejections_total",
            "Times outlier detection ejected an endpoint, by reason.",
            POOL, BACKEND, REASON);

    public static final MetricSpec ENDPOINT_HEALTH_TRANSITIONS = MetricSpec.counter(
            "flowstate_endpoint_health_transitions_total",
            "Times an endpoint's health changed, by the state it went to.",
            POOL, BACKEND, TO);

    public static final MetricSpec ENDPOINT_HEALTHY = MetricSpec.gauge(
            "flowstate_endpoint_healthy",
            "1 when the endpoint is healthy, 0 when not.",
            POOL, BACKEND);

    public static final MetricSpec ENDPOINT_EJECTED = MetricSpec.gauge(
            "flowstate_endpoint_ejected",
            "1 while outlier detection has the endpoint ejected, else 0.",
            POOL, BACKEND);

    public static final MetricSpec ENDPOINT_OUTSTANDING_REQUESTS = MetricSpec.gauge(
            "flowstate_endpoint_outstanding_requests",
            "Tries sent to the endpoint whose outcome is not known yet.",
            POOL, BACKEND);

    public static final MetricSpec CIRCUIT_BREAKER_STATE = MetricSpec.gauge(
            "flowstate_circuit_breaker_state",
            "The endpoint's circuit breaker: 0 closed, 1 open, 2 half-open.",
            POOL, BACKEND);

    public static final MetricSpec CIRCUIT_BREAKER_TRANSITIONS = MetricSpec.counter(
            "flowstate_circuit_breaker_transitions_total",
            "Times an endpoint's circuit breaker changed state, by the state it went to.",
            POOL, BACKEND, TO);

    public static final MetricSpec POOL_PANIC = MetricSpec.gauge(
            "flowstate_pool_panic",
            "1 while too few endpoints are healthy and the pool sends to all of them, else 0.",
            POOL);

    // ---- the process: logs, config, build ----

    public static final MetricSpec ACCESS_LOG_DROPPED = MetricSpec.counter(
            "flowstate_access_log_dropped_total",
            "Access log lines dropped because the writer fell behind.");

    public static final MetricSpec CONFIG_RELOADS = MetricSpec.counter(
            "flowstate_config_reloads_total",
            "Config reloads attempted, by result (success or failure).",
            RESULT);

    public static final MetricSpec CONFIG_LAST_RELOAD_SUCCESS = MetricSpec.gauge(
            "flowstate_config_last_reload_success_timestamp_seconds",
            "Unix time of the last config load or reload that succeeded.");

    public static final MetricSpec BUILD_INFO = MetricSpec.gauge(
            "flowstate_build_info",
            "Always 1; its labels name the version and the engine running.",
            VERSION, ENGINE);

    private static final List<MetricSpec> ALL = List.of(
            REQUESTS, REQUESTS_IN_FLIGHT, REQUEST_DURATION, REQUEST_BODY_BYTES,
            RESPONSE_BODY_BYTES, CLIENT_DISCONNECTS, RATE_LIMITED, REJECTED,
            CONNECTIONS_ACCEPTED, CONNECTIONS_OPEN,
            UPSTREAM_REQUESTS, UPSTREAM_ERRORS, UPSTREAM_CONNECT_DURATION, UPSTREAM_TTFB,
            UPSTREAM_RETRIES, UPSTREAM_CONNECTIONS_OPENED, UPSTREAM_CONNECTIONS_REUSED,
            UPSTREAM_CONNECTIONS_IDLE,
            ENDPOINT_EJECTIONS, ENDPOINT_HEALTH_TRANSITIONS, ENDPOINT_HEALTHY, ENDPOINT_EJECTED,
            ENDPOINT_OUTSTANDING_REQUESTS, CIRCUIT_BREAKER_STATE, CIRCUIT_BREAKER_TRANSITIONS,
            POOL_PANIC,
            ACCESS_LOG_DROPPED, CONFIG_RELOADS, CONFIG_LAST_RELOAD_SUCCESS, BUILD_INFO);

    private MetricNames() {
    }

    /** Every spec above, in the order declared. */
    public static List<MetricSpec> all() {
        return ALL;
    }
}
