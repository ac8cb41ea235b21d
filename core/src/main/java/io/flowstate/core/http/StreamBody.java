package io.flowstate.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Body} over a blocking {@link InputStream}. Read with {@link #stream()} it costs
 * nothing; subscribed to, it reads on one virtual thread and honours demand, so that a
 * slow subscriber makes the reader wait instead of buffering.
 */
public final class StreamBody implements Body {

    /** Size of each buffer a subscriber receives. */
    public static final int CHUNK_BYTES = 16 * 1024;

    private final InputStream in;
    private final long length;
    private final AtomicBoolean taken = new AtomicBoolean();

    public StreamBody(InputStream in, long length) {
        this.in = Objects.requireNonNull(in, "in");
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream stream() {
        take();
        return in;
    }

    @Override
    public void discard() {
        try {
            in.close();                                        // abandons the stream (and its connection)
        } catch (IOException ignored) {
            // closing is how a body is abandoned; nothing more to do
        }
    }

    private void take() {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException("body already consumed: a body is read once");
        }
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        take();
        Thread.ofVirtual().name("flowstate-body").start(new Pump(subscriber));
    }

    /** Reads the stream and hands buffers on as demand allows. */
    private final class Pump implements Runnable, Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean cancelled;
        private volatile Thread thread;

        Pump(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            subscriber.onSubscribe(this);
            try (InputStream source = in) {
                while (!cancelled) {
                    while (demand.get() == 0 && !cancelled) {
                        LockSupport.park(this);
                    }
                    if (cancelled) {
                        return;
                    }
                    byte[] chunk = new byte[CHUNK_BYTES];
                    int n = source.read(chunk);
                    if (n < 0) {
                        subscriber.onComplete();
                        return;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(ByteBuffer.wrap(chunk, 0, n));
                }
            } catch (IOException | UncheckedIOException e) {
                if (!cancelled) {
                    subscriber.onError(e);
                }
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request(" + n + "): n must be positive (rule 3.9)"));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            LockSupport.unpark(thread);
        }

        @Override
        public void cancel() {
            cancelled = true;
            LockSupport.unpark(thread);
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how a cancelled read is abandoned; nothing more to do
            }
        }
    }
}
