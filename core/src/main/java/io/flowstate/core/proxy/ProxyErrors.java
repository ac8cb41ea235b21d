package io.flowstate.core.proxy;

import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;

/**
 * Proxy-made error responses (DESIGN.md section 6): a small JSON body with the status, a
 * machine-readable reason and the request id, so a client can quote it to an operator.
 */
public final class ProxyErrors {

    /** Status logged and counted when the client went away first (nginx's convention). */
    public static final int CLIENT_CLOSED = 499;

    private ProxyErrors() {
    }

    /**
     * The response for an exchange cancelled before its response head was chosen: 504
     * {@code request_timeout} for the deadline, 499 for a client that left, the status and
     * reason the ingress named for a request body it refused mid-stream (RFC 9112 7.1: 400,
     * or 413 over the limit), 503 {@code drain_timeout} for a drain that ran out of time.
     */
    public static Response forCancellation(CancelCause why, Exchange exchange) {
        return switch (why) {
            case CancelCause.Deadline d -> of(504, d.reason(), exchange);
            case CancelCause.BodyRejected b -> of(b.status(), b.reason(), exchange);
            case CancelCause.Drain d -> of(503, d.reason(), exchange);
            case CancelCause.ClientClosed c -> of(CLIENT_CLOSED, c.reason(), exchange);
        };
    }

    /** The error response, its reason also recorded on the exchange (for the access log and metrics). */
    public static Response of(int status, String reason, Exchange exchange) {
        if (exchange != null) {
            exchange.errorReason(reason);
        }
        return of(status, reason, exchange == null ? null : exchange.requestId());
    }

    public static Response of(int status, String reason, String requestId) {
        return Response.proxy(status, "application/json", body(status, reason, requestId));
    }

    /** The JSON text of an error body: {@code {"status":502,"reason":"...","requestId":"..."}}. */
    public static String body(int status, String reason, String requestId) {
        StringBuilder sb = new StringBuilder(96).append("{\"status\":").append(status)
                .append(",\"reason\":");
        appendQuoted(sb, reason);
        sb.append(",\"requestId\":");
        if (requestId == null) {
            sb.append("null");
        } else {
            appendQuoted(sb, requestId);
        }
        return sb.append("}\n").toString();
    }

    private static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
