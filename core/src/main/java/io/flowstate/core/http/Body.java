package io.flowstate.core.http;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A message body: a {@link Flow.Publisher} of buffers with a length known in advance or not.
 *
 * <p>Contract: a streaming body is consumed once, either by subscribing or by
 * {@link #stream()}, never both; a second consumer fails with {@link IllegalStateException}.
 * A body that is not wanted is {@link #discard() discarded}, once, by whoever holds it last
 * (the proxy path for an answer it drops, the ingress for a body it will not write). The core
 * never buffers a whole body, except a bounded copy kept so that a retry can replay it. An
 * engine may recognise a body type of its own (a request body read from its own socket) and
 * pass it on untouched; every engine recognises {@link BytesBody}, a body already in memory,
 * and writes it directly.
 */
public interface Body extends Flow.Publisher<ByteBuffer> {

    /** Length in bytes when known in advance (Content-Length), otherwise {@code -1}. */
    long length();

    /**
     * A blocking view of the bytes, for thread-per-request engines. Closing the stream
     * before its end abandons the body (and, for an upstream response, its connection).
     */
    InputStream stream();

    /**
     * Abandons the body without reading it: releases what holds it (for an upstream
     * response, its connection, which is closed rather than reused). Any thread; idempotent;
     * after it, reading the body fails or ends early.
     */
    void discard();

    /** Whether this body has no bytes at all (length 0). */
    default boolean isEmpty() {
        return length() == 0;
    }

    /** The body of zero bytes. */
    static Body empty() {
        return BytesBody.EMPTY;
    }

    /** A body over bytes already in memory (proxy-made responses, replayed retries, tests). */
    static Body of(byte[] bytes) {
        return bytes.length == 0 ? BytesBody.EMPTY : new BytesBody(bytes);
    }

    /** A body read from a blocking stream of the given length ({@code -1}: until its end). */
    static Body of(InputStream in, long length) {
        return new StreamBody(in, length);
    }
}
