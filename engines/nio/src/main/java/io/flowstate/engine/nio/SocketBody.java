package io.flowstate.engine.nio;

import io.flowstate.core.http.Body;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A body still on one of this engine's sockets: a client's request body, or a backend's
 * response body. The other side of this engine, on the same loop, takes its
 * {@link #source()} and relays it without a copy, one buffer in flight; anyone else (the
 * core's retry buffer, a thread that reads a stream) gets the payload through
 * {@link FlowSink}. Consumed once.
 */
final class SocketBody implements Body {
    private final Loop loop;
    private final BodySource source;
    private final long length;
    private final boolean chunked;
    private boolean taken;                                     // loop thread, or before the body is handed on

    /**
     * @param length  the body's length, or -1 when not known in advance
     * @param chunked whether it is chunked on the wire (relayed as is where chunked is wanted)
     */
    SocketBody(Loop loop, BodySource source, long length, boolean chunked) {
        this.loop = loop;
        this.source = source;
        this.length = length;
        this.chunked = chunked;
    }

    /** Takes the body for relaying on {@code loop}: its source. Loop thread, once. */
    BodySource source() {
        take();
        return source;
    }

    /** Whether this body is read on {@code l}, so that its source may be used there directly. */
    boolean on(Loop l) {
        return loop == l;
    }

    boolean chunked() {
        return chunked;
    }

    private void take() {
        if (taken) {
            throw new IllegalStateException("body already consumed: a body is read once");
        }
        taken = true;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream stream() {
        take();
        BodyStream stream = new BodyStream();
        FlowSink.subscribe(loop, source, true, stream);
        return stream;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        take();
        FlowSink.subscribe(loop, source, true, subscriber);
    }

    @Override
    public void discard() {
        if (!loop.inLoop()) {
            loop.execute(this::discard);
            return;
        }
        if (!taken) {
            taken = true;
            source.abort();
        }
    }
}
