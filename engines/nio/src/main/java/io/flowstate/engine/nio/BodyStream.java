package io.flowstate.engine.nio;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A blocking view of a body read off a loop's socket, for a caller that reads with a thread
 * of its own ({@code Body.stream()}): one buffer at a time is asked for, so the socket is
 * read only as fast as the stream is.
 */
final class BodyStream extends InputStream implements Flow.Subscriber<ByteBuffer> {
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private ByteBuffer current;
    private boolean ended;
    private IOException failure;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(ByteBuffer item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || !current.hasRemaining()) {
            if (ended) {
                return -1;
            }
            if (failure != null) {
                throw failure;
            }
            if (current != null) {
                current = null;
                subscription.request(1);
            }
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a body");
            }
            if (next == END) {
                ended = true;
            } else if (next instanceof Throwable t) {
                failure = t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            } else {
                current = (ByteBuffer) next;
            }
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    /** Closing before the end abandons the body (and, for a response, its connection). */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
