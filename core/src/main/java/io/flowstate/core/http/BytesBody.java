package io.flowstate.core.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A {@link Body} already in memory, of known length: proxy-made responses, a request body
 * buffered for a retry to replay. An engine writes {@link #buffer()} directly, with no
 * {@link Flow} machinery and no thread; anyone else may subscribe (one buffer, delivered on
 * the subscriber's first {@code request}, on the requesting thread) or read a stream.
 *
 * <p>Unlike a streaming body it may be read any number of times: each read sees all of it.
 * {@link #discard()} does nothing (nothing is held but memory).
 */
public final class BytesBody implements Body {
    static final BytesBody EMPTY = new BytesBody(ByteBuffer.allocate(0));

    private final ByteBuffer bytes;

    /** Over {@code bytes} from its position to its limit, which must not change afterwards. */
    public BytesBody(ByteBuffer bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes").asReadOnlyBuffer();
    }

    public BytesBody(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    /** The bytes, as a new read-only buffer over them (position 0, limit the length). */
    public ByteBuffer buffer() {
        return bytes.duplicate();
    }

    @Override
    public long length() {
        return bytes.remaining();
    }

    @Override
    public InputStream stream() {
        ByteBuffer b = bytes.duplicate();
        if (b.hasArray()) {
            return new ByteArrayInputStream(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return new ByteArrayInputStream(copy);
    }

    @Override
    public void discard() {
        // nothing is held but memory
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean done;

            @Override
            public void request(long n) {
                if (done) {
                    return;
                }
                done = true;
                if (n <= 0) {
                    subscriber.onError(new IllegalArgumentException("request(" + n + "): n must be positive (rule 3.9)"));
                    return;
                }
                if (bytes.hasRemaining()) {
                    subscriber.onNext(bytes.duplicate());
                }
                subscriber.onComplete();
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
    }

    @Override
    public String toString() {
        return "BytesBody[" + length() + " bytes]";
    }
}
