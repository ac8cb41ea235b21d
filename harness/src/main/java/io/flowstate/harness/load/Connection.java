package io.flowstate.harness.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One of the generator's connection slots: a non-blocking socket (opened when a request needs
 * it), its response parser, and the request it carries, if any. It does the I/O and says what
 * happened; {@link EventLoop} decides what that means (counts, latencies, what to send next).
 *
 * <p>Contract: used by the I/O thread only. At most one request at a time (no pipelining):
 * {@link #begin} only when {@link #busy()} is false; after an event that ends the request
 * ({@link Event#COMPLETE}, {@link Event#CONNECT_FAILED}, {@link Event#BROKEN}) the owner calls
 * {@link #finish()} or {@link #abort()} before the next {@link #begin}.
 */
final class Connection {

    /** What a call observed. */
    enum Event {
        /** Nothing that ends the request yet. */
        NONE,
        /** The whole response arrived; read it from {@link #parser}. */
        COMPLETE,
        /** The connection for the request could not be made; the socket is closed. */
        CONNECT_FAILED,
        /** The connection broke or the response cannot be framed; the socket is closed. */
        BROKEN,
        /** An idle keep-alive connection was closed by the server, or sent bytes unasked; it is closed. */
        IDLE_CLOSED
    }

    /** Receive buffer per connection, in bytes; it holds at most one incomplete line. */
    static final int READ_BUFFER_BYTES = 16 * 1024;
    /** {@link #sentNanos} before the request's first byte was written. */
    static final long NOT_SENT = Long.MIN_VALUE;
    /** Reads per readiness event before other connections get their turn. */
    private static final int READS_PER_EVENT = 8;

    final ResponseParser parser = new ResponseParser();

    private final InetSocketAddress target;
    private final Selector selector;
    private final ByteBuffer request;
    private final boolean keepAlive;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);

    private SocketChannel channel;
    private SelectionKey key;
    private boolean connecting;

    // The request in flight: id is -1 when there is none.
    private long id = -1;
    long intendedNanos;
    long sentNanos = NOT_SENT;
    boolean measured;
    /** Closed loop only: when a slot paused after a connect error may send again. */
    long resumeAtNanos;

    Connection(InetSocketAddress target, Selector selector, ByteBuffer request, boolean keepAlive) {
        this.target = target;
        this.selector = selector;
        this.request = request.duplicate();
        this.keepAlive = keepAlive;
    }

    /** The id of the request in flight, or -1. */
    long requestId() {
        return id;
    }

    boolean busy() {
        return id >= 0;
    }

    /** Whether a socket is open or opening. */
    boolean open() {
        return channel != null;
    }

    /** Whether the request in flight is still waiting for its connection. */
    boolean connecting() {
        return connecting;
    }

    /** Starts a request: connects first when no connection is open, then writes it. */
    Event begin(long requestId, long intended, boolean inMeasuredPhase) {
        id = requestId;
        intendedNanos = intended;
        measured = inMeasuredPhase;
        sentNanos = NOT_SENT;
        parser.reset();
        request.clear();
        return channel == null ? connect() : write();
    }

    /** Handles readiness reported by the selector. */
    Event ready(int readyOps) {
        if (connecting) {
            return (readyOps & SelectionKey.OP_CONNECT) != 0 ? finishConnect() : Event.NONE;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && busy() && request.hasRemaining()) {
            Event e = write();
            if (e != Event.NONE) {
                return e;
            }
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            return read();
        }
        return Event.NONE;
    }

    /**
     * Ends a completed request. Returns whether the connection stays open for the next one: not
     * when keep-alive is off, the response said close, the request was not wholly written, or
     * bytes followed the response (nothing was asked for them).
     */
    boolean finish() {
        id = -1;
        if (!keepAlive || parser.closeAfter() || request.hasRemaining() || in.position() > 0) {
            close();
            return false;
        }
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    /** Ends the request in flight, if any, and closes the socket (after a timeout or an error). */
    void abort() {
        id = -1;
        close();
    }

    void close() {
        connecting = false;
        in.clear();
        if (channel == null) {
            return;
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing left to do about it
        }
        channel = null;
        key = null;
    }

    private Event connect() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(selector, 0, this);
            if (channel.connect(target)) {
                key.interestOps(SelectionKey.OP_READ);
                return write();
            }
            connecting = true;
            key.interestOps(SelectionKey.OP_CONNECT);
            return Event.NONE;
        } catch (IOException e) {
            close();
            return Event.CONNECT_FAILED;
        }
    }

    private Event finishConnect() {
        try {
            if (!channel.finishConnect()) {
                return Event.NONE;
            }
        } catch (IOException e) {
            close();
            return Event.CONNECT_FAILED;
        }
        connecting = false;
        key.interestOps(SelectionKey.OP_READ);
        return write();
    }

    private Event write() {
        try {
            if (sentNanos == NOT_SENT) {
                sentNanos = System.nanoTime();
            }
            channel.write(request);
        } catch (IOException e) {
            close();
            return Event.BROKEN;
        }
        key.interestOps(request.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        return Event.NONE;
    }

    private Event read() {
        try {
            for (int reads = 0; reads < READS_PER_EVENT; reads++) {
                int n = channel.read(in);
                if (n == 0) {
                    return Event.NONE;
                }
                if (!busy()) {
                    close();           // the server closed an idle connection, or spoke unasked
                    return Event.IDLE_CLOSED;
                }
                if (n < 0) {
                    return endOfInput();
                }
                in.flip();
                boolean done = parser.feed(in);
                in.compact();
                if (done) {
                    return Event.COMPLETE;
                }
            }
            return Event.NONE;
        } catch (IOException | ResponseParser.ProtocolException e) {
            close();
            return Event.BROKEN;
        }
    }

    private Event endOfInput() {
        if (parser.endOfInput()) {
            return Event.COMPLETE;     // a body read to close; finish() closes the socket
        }
        close();
        return Event.BROKEN;
    }
}
