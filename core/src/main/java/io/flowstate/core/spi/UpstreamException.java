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
        PROTOCOL(502, "upstream_protocol_error");

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

    public UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
