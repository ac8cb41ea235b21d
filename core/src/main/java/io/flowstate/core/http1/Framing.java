package io.flowstate.core.http1;

/**
 * How a request's body is delimited (RFC 9112 6.3).
 */
public enum Framing {
    /** No Content-Length and no Transfer-Encoding: the request has no body (RFC 9112 6.3 item 7). */
    NONE,
    /** Content-Length: exactly that many bytes follow the head, possibly zero (RFC 9112 6.3 item 6). */
    FIXED,
    /** Transfer-Encoding ending in chunked: read with {@link ChunkedScanner} or {@link ChunkedInputStream}. */
    CHUNKED
}
