package io.flowstate.core.proxy;

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

    public static Response of(int status, String reason, Exchange exchange) {
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
