package io.flowstate.core.spi;

/**
 * Why a try to a backend failed before its response head arrived. The kind decides the
 * status the client sees (DESIGN.md section 6) and, later, what health and retries make
 * of it: local-origin failures (connect, timeout) are told from upstream ones.
 */
public final class UpstreamException extends RuntimeException {

    /** What went wrong, and the status a client sees for it. */
    public enum Kind {
        /** The TCP connection could not be opened: refused, unreachable. 502. */
        CONNECT_FAILED(502, "upstream_connect_failed"),
        /** Opening the connection took longer than the connect timeout. 504. */
        CONNECT_TIMEOUT(504, "upstream_connect_timeout"),
        /** The connection broke before a complete response head arrived. 502. */
        RESET(502, "upstream_reset"),
        /** The response head did not arrive in time. 504. */
        RESPONSE_TIMEOUT(504, "upstream_timeout"),
        /** The backend answered something that is not HTTP/1.1. 502. */
        PROTOCOL(502, "upstream_protocol_error"),
        /**
         * The engine could not send this request as given (a target or field its client
         * library refuses), so nothing reached the endpoint: the client's or the proxy's
         * fault, never the endpoint's. The proxy answers with the exception's own
         * {@linkplain #status() status} and {@linkplain #reason() reason} (400 for what the
         * client sent, 502 for what the proxy cannot say), and the endpoint's health,
         * breaker, latency, load and metrics hear nothing of the try.
         * See {@link UpstreamException#unsendable}.
         */
        UNSENDABLE(502, "upstream_protocol_error");

        private final int status;
        private final String reason;

        Kind(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }
    }

    private final Kind kind;
    private final int status;
    private final String reason;

    public UpstreamException(Kind kind, String message, Throwable cause) {
        this(kind, kind.status(), kind.reason(), message, cause);
    }

    private UpstreamException(Kind kind, int status, String reason, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /**
     * A request the engine cannot send ({@link Kind#UNSENDABLE}), answered with
     * {@code status} and {@code reason}: for instance 400 {@code target_not_uri} for a
     * request-target that the engine's client library refuses.
     */
    public static UpstreamException unsendable(int status, String reason, String message, Throwable cause) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an unsendable request is answered 4xx or 5xx, not " + status);
        }
        return new UpstreamException(Kind.UNSENDABLE, status, reason, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The status the client sees: the kind's, or an unsendable request's own. */
    public int status() {
        return status;
    }

    /** The machine-readable reason of the error body: the kind's, or an unsendable request's own. */
    public String reason() {
        return reason;
    }
}
