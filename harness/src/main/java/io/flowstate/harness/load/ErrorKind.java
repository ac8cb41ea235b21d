package io.flowstate.harness.load;

/** How a request failed; the order is the order of {@link LoadResult#errorsByKind()}. */
enum ErrorKind {
    /** No connection could be made for it: refused, unreachable, or not made before its deadline. */
    CONNECT(LoadResult.CONNECT),
    /** Connected and sent, but no complete response before its deadline. */
    TIMEOUT(LoadResult.TIMEOUT),
    /** The connection broke before the response was complete: reset, early close, or bytes that are not HTTP/1.1. */
    RESET(LoadResult.RESET),
    /** A complete response with status 500 or above: counted as completed too. */
    STATUS(LoadResult.STATUS);

    static final ErrorKind[] ALL = values();

    final String key;

    ErrorKind(String key) {
        this.key = key;
    }
}
