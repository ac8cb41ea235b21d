package io.flowstate.engine.nio;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The I/O buffers of one loop: a connection takes one while it has bytes to hold (a head
 * being read, a body chunk in flight) and gives it back when it is idle, so an idle
 * keep-alive connection holds no buffer at all. Heap buffers, since the core's parsers work
 * on arrays; the JDK copies through its own per-thread direct buffer on each read and write.
 *
 * <p>Loop thread only. At most {@link #MAX_POOLED} buffers wait here; beyond that a returned
 * buffer is left to the collector, so a burst does not pin memory.
 */
final class BufferPool {
    /** Size of every pooled buffer: a request head up to the default limit fits in one. */
    static final int BUFFER_BYTES = 16 * 1024;
    /** Buffers kept for reuse, per loop. */
    static final int MAX_POOLED = 512;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final int bufferBytes;
    private long created;

    BufferPool() {
        this(BUFFER_BYTES);
    }

    BufferPool(int bufferBytes) {
        this.bufferBytes = bufferBytes;
    }

    /** A cleared buffer of {@link #bufferBytes()} bytes. */
    ByteBuffer take() {
        ByteBuffer b = free.pollFirst();
        if (b == null) {
            created++;
            return ByteBuffer.allocate(bufferBytes);
        }
        return b;
    }

    /** Gives {@code b} back; buffers of another size (a head that needed more) are dropped. */
    void give(ByteBuffer b) {
        if (b == null || b.capacity() != bufferBytes || free.size() >= MAX_POOLED) {
            return;
        }
        b.clear();
        free.addFirst(b);                                      // the warmest first
    }

    int bufferBytes() {
        return bufferBytes;
    }

    /** Buffers waiting for reuse. */
    int pooled() {
        return free.size();
    }

    /** Buffers this pool has allocated in all. */
    long created() {
        return created;
    }
}
