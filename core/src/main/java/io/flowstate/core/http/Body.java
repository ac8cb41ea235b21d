package io.flowstate.core.http;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A message body that streams: a {@link Flow.Publisher} of buffers with a length known
 * in advance or not.
 *
 * <p>Contract: a body is consumed once, either by subscribing or by {@link #stream()},
 * never both; a second consumer fails with {@link IllegalStateException}. The core never
 * buffers a whole body. An engine may recognise a body it made itself (for instance a
 * {@link StreamBody} around its own socket stream) and pass it on untouched.
 */
public interface Body extends Flow.Publisher<ByteBuffer> {

    /** Length in bytes when known in advance (Content-Length), otherwise {@code -1}. */
    long length();

    /**
     * A blocking view of the bytes, for thread-per-request engines. Closing the stream
     * before its end abandons the body (and, for an upstream response, its connection).
     */
    InputStream stream();

    /** Whether this body has no bytes at all (length 0). */
    default boolean isEmpty() {
        return length() == 0;
    }

    /** The body of zero bytes. */
    static Body empty() {
        return StreamBody.EMPTY;
    }

    /** A body over bytes already in memory (proxy-made responses, tests). */
    static Body of(byte[] bytes) {
        return new StreamBody(new java.io.ByteArrayInputStream(bytes), bytes.length);
    }

    /** A body read from a blocking stream of the given length ({@code -1}: until its end). */
    static Body of(InputStream in, long length) {
        return new StreamBody(in, length);
    }
}
