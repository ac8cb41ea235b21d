package io.flowstate.engine.nio;

import io.flowstate.core.http.Body;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A client's request body, still on its socket: this engine's upstream, on the same loop,
 * takes its {@link #source()} and relays it as it arrives; anyone else (the core's retry
 * buffer) subscribes or reads a stream. {@code Expect: 100-continue} is answered when the
 * body is first wanted. Consumed once.
 */
final class RequestBody implements Body {
    private final ClientConnection connection;
    private final long length;
    private boolean taken;

    RequestBody(ClientConnection connection, long length) {
        this.connection = connection;
        this.length = length;
    }

    /** Takes the body for relaying: the connection it is read from. Loop thread, once. */
    BodySource source() {
        take();
        return connection;
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
