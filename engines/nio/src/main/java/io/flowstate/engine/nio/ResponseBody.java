package io.flowstate.engine.nio;

import io.flowstate.core.http.Body;
import io.flowstate.core.http1.ResponseHead;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A backend's response body, still on its socket: the client side of this engine, on the
 * same loop, takes its {@link #source()} and relays it without a copy; anyone else
 * subscribes or reads a stream. Consumed once.
 */
final class ResponseBody implements Body {
    private final BackendConnection connection;
    private final long length;
    private boolean taken;                                     // loop thread, or before the body is handed on

    ResponseBody(BackendConnection connection, ResponseHead head) {
        this.connection = connection;
        this.length = BackendConnection.length(head);
    }

    /** Takes the body for relaying: the connection it is read from. Loop thread, once. */
    BodySource source() {
        take();
        return connection;
    }

    /** Whether the body is chunked on the wire (relayed as is to a client that takes chunked). */
    boolean chunked() {
        return connection.chunked();
    }

    /** Whether this body is read on {@code loop}, so that its source may be used there directly. */
    boolean on(Loop loop) {
        return connection.loop == loop;
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
        FlowSink.subscribe(connection.loop, connection, true, stream);
        return stream;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        take();
        FlowSink.subscribe(connection.loop, connection, true, subscriber);
    }

    @Override
    public void discard() {
        if (!connection.loop.inLoop()) {
            connection.loop.execute(this::discard);
            return;
        }
        if (!taken) {
            taken = true;
            connection.abort();
        }
    }
}
