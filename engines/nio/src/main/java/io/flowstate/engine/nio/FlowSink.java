package io.flowstate.engine.nio;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A body read off one of this engine's sockets, handed to a {@link Flow.Subscriber} (the
 * core's retry buffer, or any other consumer that is not this engine's): each piece is
 * copied out, since the subscriber may keep it, and delivered as demand allows; without
 * demand the source waits ({@link BodySource#resume()} once {@code request(n)} comes, from
 * any thread).
 */
final class FlowSink implements BodySink, Flow.Subscription {
    private final Loop loop;
    private final BodySource source;
    private final boolean payload;
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private long demand;                                       // loop thread only
    private boolean waiting;
    private boolean started;
    private boolean done;

    private FlowSink(Loop loop, BodySource source, boolean payload, Flow.Subscriber<? super ByteBuffer> subscriber) {
        this.loop = loop;
        this.source = source;
        this.payload = payload;
        this.subscriber = subscriber;
    }

    /** Subscribes {@code subscriber} to {@code source}'s body; any thread. */
    static void subscribe(Loop loop, BodySource source, boolean payload, Flow.Subscriber<? super ByteBuffer> subscriber) {
        FlowSink sink = new FlowSink(loop, source, payload, subscriber);
        subscriber.onSubscribe(sink);
    }

    @Override
    public void request(long n) {
        if (!loop.inLoop()) {
            loop.execute(() -> request(n));
            return;
        }
        if (done) {
            return;
        }
        if (n <= 0) {
            cancel();
            subscriber.onError(new IllegalArgumentException("request(" + n + "): n must be positive (rule 3.9)"));
            return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        if (!started) {
            started = true;
            source.start(this, payload);
        } else if (waiting) {
            waiting = false;
            source.resume();
        }
    }

    @Override
    public void cancel() {
        if (!loop.inLoop()) {
            loop.execute(this::cancel);
            return;
        }
        if (!done) {
            done = true;
            source.abort();
        }
    }

    @Override
    public boolean data(ByteBuffer data) {
        if (done) {
            data.position(data.limit());
            return true;
        }
        if (demand == 0) {
            waiting = true;
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        if (demand != Long.MAX_VALUE) {
            demand--;
        }
        subscriber.onNext(copy);
        return true;
    }

    @Override
    public void end() {
        if (!done) {
            done = true;
            subscriber.onComplete();
        }
    }

    @Override
    public void fail(Throwable cause) {
        if (!done) {
            done = true;
            subscriber.onError(cause);
        }
    }
}
