package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bodies stream with backpressure: a side that stops reading stops the other side from
 * sending, instead of the proxy holding the difference in memory.
 *
 * <p>Each test lets one side stop reading and then watches, for a bounded while, whether
 * the other side gets {@link #FAR_AHEAD_BYTES} ahead. Socket buffers on two loopback hops
 * hold a few MiB at most; a proxy that buffered whole bodies would let the sender run
 * through all {@link #BODY_BYTES} in a few milliseconds.
 */
class BackpressureTest {
    private static final long BODY_BYTES = 256L << 20;
    private static final long FAR_AHEAD_BYTES = 64L << 20;
    private static final long WATCH_SECONDS = 3;
    private static final byte[] CHUNK = new byte[64 * 1024];

    @EngineTest
    void slowClientHoldsTheBackendBack(Engine engine) throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch farAhead = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 200 OK\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n");
            try {
                for (long sent = 0; sent < BODY_BYTES; sent += CHUNK.length) {
                    call.out.write(CHUNK);
                    if (written.addAndGet(CHUNK.length) >= FAR_AHEAD_BYTES) {
                        farAhead.countDown();
                    }
                }
            } catch (IOException clientGone) {
                call.closeAfter();
            }
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client client = proxy.client()) {
            client.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n");
            Wire.Head head = client.readHead();
            assertTrue(head.startLine().contains(" 200 "), head.startLine());
            assertFalse(farAhead.await(WATCH_SECONDS, TimeUnit.SECONDS),
                    "the backend wrote " + (written.get() >> 20) + " MiB to a client that read nothing");
        }
    }

    @EngineTest
    void slowBackendHoldsTheUploadBack(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            release.await(30, TimeUnit.SECONDS);            // reads nothing until released
            call.closeAfter();
        };
        AtomicLong sent = new AtomicLong();
        CountDownLatch farAhead = new CountDownLatch(1);
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend)
                .limit("maxBodyBytes", -1).start();
             Socket upload = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            OutputStream out = upload.getOutputStream();
            out.write(Wire.ascii("PUT /up HTTP/1.1\r\nHost: h\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n"));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (long n = 0; n < BODY_BYTES; n += CHUNK.length) {
                        out.write(CHUNK);
                        if (sent.addAndGet(CHUNK.length) >= FAR_AHEAD_BYTES) {
                            farAhead.countDown();
                        }
                    }
                } catch (IOException closed) {
                    // the test closed the connection
                }
            });
            backend.nextHead();
            assertFalse(farAhead.await(WATCH_SECONDS, TimeUnit.SECONDS),
                    "the client uploaded " + (sent.get() >> 20) + " MiB while the backend read nothing");
            release.countDown();
            upload.close();
            writer.join(TimeUnit.SECONDS.toMillis(10));
            assertEquals(false, writer.isAlive());
        } finally {
            release.countDown();
        }
    }
}
