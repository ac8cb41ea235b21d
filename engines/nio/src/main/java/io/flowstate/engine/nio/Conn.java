package io.flowstate.engine.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * What a client and a backend connection share: one non-blocking socket on one loop, its
 * interest set, and a write that may not finish at once.
 *
 * <p>Writes: {@link #write} hands buffers to the socket in one gathering write; what the
 * socket does not take stays pending and {@code OP_WRITE} is set until it is gone, then
 * {@link #written()} runs. Only one write is pending at a time: a caller writes again only
 * after {@link #written()} (or when {@link #write} returned true). {@code OP_WRITE} is set
 * only while a write is short (DESIGN.md section 9).
 *
 * <p>Loop thread only.
 */
abstract class Conn implements Loop.Ready {
    final Loop loop;
    final SocketChannel channel;
    SelectionKey key;
    /** What was read and not yet used, in read mode (from position to limit); null while the connection holds none. */
    ByteBuffer in;
    /** A view of {@link #in}'s array: the piece of a body handed to a sink. */
    ByteBuffer inView;
    private int interest;
    private ByteBuffer[] pending;
    private int pendingFrom;
    private boolean closed;

    Conn(Loop loop, SocketChannel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /** Registers the channel with the loop's selector for {@code ops}. */
    final void register(int ops) throws ClosedChannelException {
        interest = ops;
        key = channel.register(loop.selector, ops, this);
    }

    /** Sets the interest set; no system call when it does not change. */
    final void interest(int ops) {
        if (ops != interest && key != null && key.isValid()) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    final void addInterest(int op) {
        interest(interest | op);
    }

    final void removeInterest(int op) {
        interest(interest & ~op);
    }

    final boolean reading() {
        return (interest & SelectionKey.OP_READ) != 0;
    }

    @Override
    public final void ready(SelectionKey k) {
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            connectable();
            if (closed) {
                return;
            }
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && pending != null) {
            writeMore();
            if (closed) {
                return;
            }
        }
        if ((ready & SelectionKey.OP_READ) != 0 && k.isValid()) {
            readable();
        }
    }

    /** The socket has bytes, or its end, to read. */
    abstract void readable();

    /** A non-blocking connect can be finished. */
    void connectable() {
    }

    /** A write that was short has gone out whole. */
    abstract void written();

    /** Writing failed: the peer is gone. The connection is closed already. */
    abstract void writeFailed(IOException e);

    /**
     * Writes {@code bufs} as far as the socket takes them.
     *
     * @return true when everything went; false when the rest is pending ({@link #written()}
     *         follows) or writing failed ({@link #writeFailed} was called)
     */
    final boolean write(ByteBuffer... bufs) {
        try {
            channel.write(bufs);
        } catch (IOException e) {
            close();
            writeFailed(e);
            return false;
        }
        for (int i = 0; i < bufs.length; i++) {
            if (bufs[i].hasRemaining()) {
                pending = bufs;
                pendingFrom = i;
                addInterest(SelectionKey.OP_WRITE);
                return false;
            }
        }
        return true;
    }

    /** Whether a short write is waiting for the socket. */
    final boolean writing() {
        return pending != null;
    }

    private void writeMore() {
        ByteBuffer[] bufs = pending;
        try {
            channel.write(bufs, pendingFrom, bufs.length - pendingFrom);
        } catch (IOException e) {
            pending = null;
            close();
            writeFailed(e);
            return;
        }
        for (int i = pendingFrom; i < bufs.length; i++) {
            if (bufs[i].hasRemaining()) {
                pendingFrom = i;
                return;
            }
        }
        pending = null;
        removeInterest(SelectionKey.OP_WRITE);
        written();
    }

    /**
     * Reads more after what {@link #in} holds (taking a buffer from the loop's pool first if
     * the connection holds none): the count read, 0 when nothing came or the buffer is full,
     * -1 at the end of the stream or when reading failed.
     */
    final int fill() {
        if (in == null) {
            in = loop.buffers.take();
            in.flip();
            inView = in.duplicate();
        }
        if (in.position() == 0 && in.limit() == in.capacity()) {
            return 0;
        }
        in.compact();
        int n = read(in);
        in.flip();
        return n;
    }

    /** A larger {@link #in} (a head over the pooled size), up to {@code max} bytes; nothing when it is that large. */
    final void growIn(int max) {
        int size = Math.min(in.capacity() * 2, max);
        if (size <= in.capacity()) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(size);
        bigger.put(in).flip();
        loop.buffers.give(in);
        in = bigger;
        inView = in.duplicate();
        inView.limit(0);
    }

    /** Gives {@link #in} back to the loop's pool. */
    final void releaseIn() {
        if (in != null) {
            loop.buffers.give(in);
            in = null;
            inView = null;
        }
    }

    /** Reads into {@code b}; -1 at the end of the stream or when the read failed. */
    final int read(ByteBuffer b) {
        try {
            return channel.read(b);
        } catch (IOException e) {
            return -1;
        }
    }

    final boolean isClosed() {
        return closed;
    }

    /** Closes the socket (its key is cancelled with it); {@link #closed()} runs once. */
    final void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        closed();
    }

    /** What a subclass lets go of when its socket closes: buffers, timers, the exchange. */
    abstract void closed();
}
