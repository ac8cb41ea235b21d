package io.flowstate.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One response: status, header fields and a streaming body.
 *
 * <p>{@link #origin()} says who made it: a backend, or the proxy itself (errors). Metrics
 * and logs tell the two apart; clients see the same shape either way.
 */
public final class Response {

    /** Who produced a response. */
    public enum Origin { UPSTREAM, PROXY }

    private final int status;
    private final HeaderFields headers;
    private final Body body;
    private final Origin origin;

    public Response(int status, HeaderFields headers, Body body, Origin origin) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status + " is not a three-digit code (RFC 9110 15)");
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** A proxy-made response with a UTF-8 body of the given media type. */
    public static Response proxy(int status, String contentType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        HeaderFields h = new HeaderFields()
                .add("Content-Type", contentType)
                .add("Content-Length", Integer.toString(bytes.length));
        return new Response(status, h, Body.of(bytes), Origin.PROXY);
    }

    public int status() {
        return status;
    }

    public HeaderFields headers() {
        return headers;
    }

    public Body body() {
        return body;
    }

    public Origin origin() {
        return origin;
    }

    public Response withHeaders(HeaderFields newHeaders) {
        return new Response(status, newHeaders, body, origin);
    }

    /**
     * Whether a response to this request method with this status carries no body on the
     * wire (RFC 9110 6.4.1, 9.3.2; RFC 9112 6.3 rule 1): HEAD, 1xx, 204 and 304.
     */
    public static boolean isBodiless(String requestMethod, int status) {
        return "HEAD".equals(requestMethod) || status < 200 || status == 204 || status == 304;
    }

    @Override
    public String toString() {
        return status + " (" + origin + ")";
    }
}
