package io.flowstate.core.http;

import java.util.Objects;

/**
 * One HTTP/1.1 request: method, request-target exactly as received, header fields and a
 * streaming body. The target keeps its bytes (RFC 9112 3.2): the proxy never decodes or
 * re-encodes a path or query.
 *
 * <p>Mutable by the one party that owns it; the proxy path works on a copy
 * ({@link #withTarget}, {@link HeaderFields#copy()}) and never changes what it received.
 */
public final class Request {
    private final String method;
    private final String target;
    private final HeaderFields headers;
    private final Body body;

    public Request(String method, String target, HeaderFields headers, Body body) {
        this.method = Objects.requireNonNull(method, "method");
        this.target = Objects.requireNonNull(target, "target");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    public String method() {
        return method;
    }

    /** The request-target in origin-form ({@code /path?query}), byte for byte as received. */
    public String target() {
        return target;
    }

    /** The path part of the target: everything before the first {@code ?}. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query part including its {@code ?}, or the empty string. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q);
    }

    public HeaderFields headers() {
        return headers;
    }

    public Body body() {
        return body;
    }

    /** The Host field's value (RFC 9110 7.2), or null when absent. */
    public String host() {
        return headers.first("Host");
    }

    public Request withTarget(String newTarget) {
        return new Request(method, newTarget, headers, body);
    }

    public Request withHeaders(HeaderFields newHeaders) {
        return new Request(method, target, newHeaders, body);
    }

    @Override
    public String toString() {
        return method + " " + target;
    }
}
