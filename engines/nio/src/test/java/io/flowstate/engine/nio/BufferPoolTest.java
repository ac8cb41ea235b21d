package io.flowstate.engine.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void aGivenBackBufferIsTakenAgainCleared() {
        BufferPool pool = new BufferPool(64);
        ByteBuffer a = pool.take();
        a.put((byte) 1).flip();
        pool.give(a);
        ByteBuffer again = pool.take();
        assertSame(a, again);
        assertEquals(0, again.position());
        assertEquals(64, again.limit());
        assertEquals(1, pool.created());
    }

    @Test
    void buffersOfAnotherSizeAreNotKept() {
        BufferPool pool = new BufferPool(64);
        pool.give(ByteBuffer.allocate(128));                  // a head that needed more
        assertEquals(0, pool.pooled());
        assertNotSame(null, pool.take());
    }

    @Test
    void atMostMaxPooledBuffersWait() {
        BufferPool pool = new BufferPool(16);
        for (int i = 0; i < BufferPool.MAX_POOLED + 10; i++) {
            pool.give(ByteBuffer.allocate(16));
        }
        assertEquals(BufferPool.MAX_POOLED, pool.pooled());
    }
}
