package io.flowstate.core.metrics;

import java.util.Map;

/**
 * The label names the {@link MetricNames} families use, for
 * {@link Metrics#removeMatching(Map)}, and the canonical values that keep a label's
 * cardinality bounded.
 *
 * <p>A label that does not apply to a series has the empty value (a request that matched
 * no route has {@code route=""}); Prometheus treats an empty label as absent.
 */
public final class Labels {
    /** The route's configured name. */
    public static final String ROUTE = "route";
    /** The pool's configured name. */
    public static final String POOL = "pool";
    /** The endpoint's {@code host:port} ({@link io.flowstate.core.pool.Endpoint#key()}). */
    public static final String BACKEND = "backend";
    /** The request method, through {@link #method(String)}. */
    public static final String METHOD = "method";
    /** The status class, {@link CodeClass#label()}. */
    public static final String CODE_CLASS = "code_class";
    /** A stable {@code snake_case} reason, listed per metric in docs/metrics.md. */
    public static final String REASON = "reason";
    /** The state a transition went to. */
    public static final String TO = "to";
    /** {@code success} or {@code failure}. */
    public static final String RESULT = "result";
    /** The FlowState version. */
    public static final String VERSION = "version";
    /** The engine's name ({@code jdk}, {@code jetty}, {@code nio}). */
    public static final String ENGINE = "engine";

    /** The value of {@link #METHOD} for a method that is not one of RFC 9110's and PATCH. */
    public static final String OTHER_METHOD = "OTHER";

    private Labels() {
    }

    /**
     * The {@link #METHOD} value for a request method: the method itself when it is one of
     * RFC 9110 section 9's eight or PATCH (RFC 5789), else {@link #OTHER_METHOD}, so that
     * clients cannot create series at will. Methods are case-sensitive (RFC 9110 section
     * 9.1): {@code get} is OTHER. Allocates nothing.
     */
    public static String method(String method) {
        return switch (method) {
            case "GET" -> "GET";
            case "HEAD" -> "HEAD";
            case "POST" -> "POST";
            case "PUT" -> "PUT";
            case "DELETE" -> "DELETE";
            case "CONNECT" -> "CONNECT";
            case "OPTIONS" -> "OPTIONS";
            case "TRACE" -> "TRACE";
            case "PATCH" -> "PATCH";
            default -> OTHER_METHOD;
        };
    }
}
