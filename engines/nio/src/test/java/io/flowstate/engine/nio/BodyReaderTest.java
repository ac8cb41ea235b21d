package io.flowstate.engine.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.Framing;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A body found in what a connection reads, split anywhere, relayed as it came or as its payload. */
class BodyReaderTest {
    private static final String CHUNKED = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";

    /** Feeds {@code wire} in pieces of {@code step} bytes; returns what the reader gave out and what was left after the body. */
    private static String[] run(BodyReader reader, String wire, int step) throws BadRequestException {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer in = ByteBuffer.allocate(bytes.length + 16);
        in.flip();
        ByteBuffer view = in.duplicate();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fed = 0;
        while (!reader.done()) {
            int n = reader.next(in, view);
            if (n > 0) {
                byte[] piece = new byte[n];
                view.get(piece);
                out.writeBytes(piece);
                continue;
            }
            if (reader.done() || fed == bytes.length) {
                break;
            }
            int take = Math.min(step, bytes.length - fed);
            in.compact();
            in.put(bytes, fed, take);
            in.flip();
            fed += take;
        }
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        return new String[] {out.toString(StandardCharsets.ISO_8859_1), new String(rest, StandardCharsets.ISO_8859_1)
                + new String(bytes, fed, bytes.length - fed, StandardCharsets.ISO_8859_1)};
    }

    @Property(tries = 100)
    void aChunkedBodyIsRelayedWholeAndEndsWhereItEndsWhateverTheSplit(@ForAll @IntRange(min = 1, max = 40) int step)
            throws Exception {
        String[] got = run(new BodyReader(Framing.CHUNKED, -1, false, -1), CHUNKED + "GET /next", step);
        assertEquals(CHUNKED, got[0], "the wire bytes, framing and trailers included");
        assertEquals("GET /next", got[1], "what follows is left");
    }

    @Property(tries = 100)
    void aChunkedBodysPayloadIsItsDataAlone(@ForAll @IntRange(min = 1, max = 40) int step) throws Exception {
        BodyReader reader = new BodyReader(Framing.CHUNKED, -1, true, -1);
        String[] got = run(reader, CHUNKED + "GET /next", step);
        assertEquals("hello, world", got[0]);
        assertEquals("GET /next", got[1]);
        assertEquals(12, reader.payloadBytes());
    }

    @Property(tries = 50)
    void aFixedBodyIsItsLengthAndNoMore(@ForAll @IntRange(min = 1, max = 9) int step) throws Exception {
        String[] got = run(new BodyReader(Framing.FIXED, 11, false, -1), "hello worldGET /", step);
        assertEquals("hello world", got[0]);
        assertEquals("GET /", got[1]);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        BodyReader reader = new BodyReader(Framing.CHUNKED, -1, false, 10);
        BadRequestException e = assertThrows(BadRequestException.class, () -> run(reader, CHUNKED, 100));
        assertEquals(413, e.status());
    }

    @Test
    void aMalformedChunkSizeIs400() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> run(new BodyReader(Framing.CHUNKED, -1, false, -1), "zz\r\nhello\r\n0\r\n\r\n", 100));
        assertEquals(400, e.status());
        assertTrue(List.of("invalid_chunk_size").contains(e.reason()), e.reason());
    }

    @Test
    void aCloseDelimitedBodyNeverEndsBeforeTheClose() throws Exception {
        BodyReader reader = new BodyReader(Framing.CLOSE_DELIMITED, -1, false, -1);
        String[] got = run(reader, "all of it", 4);
        assertEquals("all of it", got[0]);
        assertTrue(reader.endsAtClose());
        assertEquals(false, reader.done());
    }
}
