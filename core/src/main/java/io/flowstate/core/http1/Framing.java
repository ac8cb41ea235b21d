package io.flowstate.core.http1;

/**
 * How a message's body is delimited (RFC 9112 6.3): a request's, as decided by
 * {@link Http1RequestRules}, or a backend response's, as decided by {@link Http1ResponseRules}.
 */
public enum Framing {
    /**
     * No body. A request without Content-Length and Transfer-Encoding (RFC 9112 6.3 item 7);
     * a response to HEAD, a 1xx, 204 or 304, or a 2xx to CONNECT, whatever its fields say
     * (RFC 9112 6.3 items 1 and 2).
     */
    NONE,
    /** Content-Length: exactly that many bytes follow the head, possibly zero (RFC 9112 6.3 item 6). */
    FIXED,
    /** Transfer-Encoding ending in chunked: read with {@link ChunkedScanner} or {@link ChunkedInputStream}. */
    CHUNKED,
    /**
     * Responses only: neither Content-Length nor chunked, so the body is every byte until its
     * sender closes the connection (RFC 9112 6.3 item 8), which then cannot be reused: a
     * backend response without either ({@link Http1ResponseRules}), or a response of unknown
     * length to a client that cannot take chunked (HTTP/1.0, RFC 9112 C.2.2).
     * {@link Http1RequestRules} never yields it: a request without either has no body (item 7).
     */
    CLOSE_DELIMITED
}
