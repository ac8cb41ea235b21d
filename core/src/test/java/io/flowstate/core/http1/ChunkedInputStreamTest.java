package io.flowstate.core.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.HeaderFields;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedInputStreamTest {

    private static ByteArrayInputStream raw(String s) {
        return new ByteArrayInputStream(s.getBytes(ISO_8859_1));
    }

    @Test
    void decodesPayloadAndStopsAtTheEndOfTheBody() throws IOException {
        ByteArrayInputStream raw = raw("5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nT: v\r\n\r\nNEXT");
        ChunkedInputStream in = new ChunkedInputStream(raw);
        assertEquals("hello world", new String(in.readAllBytes(), ISO_8859_1));
        assertEquals(-1, in.read());
        assertTrue(in.isDone());
        assertEquals(11, in.dataBytes());
        assertEquals(List.of("T:v"), Http1HeadPropertiesTest.fieldsOf(in.trailers()));
        assertEquals("NEXT", new String(raw.readAllBytes(), ISO_8859_1));
    }

    @Test
    void trailersAreEmptyBeforeTheEnd() throws IOException {
        ChunkedInputStream in = new ChunkedInputStream(raw("1\r\nx\r\n0\r\nT: v\r\n\r\n"));
        assertEquals('x', in.read());
        assertEquals(0, in.trailers().size());
        assertFalse(in.isDone());
    }

    @Test
    void malformedFramingIsAnIoExceptionWithTheReason() {
        ChunkedInputStream in = new ChunkedInputStream(raw("3\r\nabcd\r\n0\r\n\r\n"));
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("missing_chunk_crlf"), e.getMessage());
        BadRequestException cause = assertInstanceOf(BadRequestException.class, e.getCause());
        assertEquals(400, cause.status());
        IOException again = assertThrows(IOException.class, in::read);
        assertTrue(again.getMessage().contains("failed earlier"), again.getMessage());
    }

    @Test
    void truncatedDataIsEof() {
        ChunkedInputStream in = new ChunkedInputStream(raw("5\r\nhel"));
        EOFException e = assertThrows(EOFException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    }

    @Test
    void truncatedFramingIsEof() {
        assertThrows(EOFException.class, () -> new ChunkedInputStream(raw("5\r\nhello\r\n")).readAllBytes());
        assertThrows(EOFException.class, () -> new ChunkedInputStream(raw("0\r\nT: v\r\n")).readAllBytes());
    }

    @Test
    void closeLeavesTheRawStreamOpen() throws IOException {
        ByteArrayInputStream raw = raw("1\r\nx\r\n0\r\n\r\n");
        ChunkedInputStream in = new ChunkedInputStream(raw);
        in.close();
        assertThrows(IOException.class, in::read);
        assertEquals('1', raw.read());
    }

    @Test
    void availableNeverExceedsTheChunk() throws IOException {
        ChunkedInputStream in = new ChunkedInputStream(raw("2\r\nab\r\n0\r\n\r\nNEXT"));
        assertEquals(0, in.available());
        assertEquals('a', in.read());
        assertEquals(1, in.available());
    }

    @Test
    void encoderWritesChunksAndTrailers() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (ChunkedOutputStream out = new ChunkedOutputStream(wire)) {
            out.write("hello".getBytes(ISO_8859_1));
            out.write(new byte[0]);
            out.write('!');
            out.finish(new HeaderFields().add("Checksum", "abc"));
            assertThrows(IOException.class, () -> out.write('x'));
        }
        assertEquals("5\r\nhello\r\n1\r\n!\r\n0\r\nChecksum: abc\r\n\r\n", wire.toString(ISO_8859_1));
    }

    @Test
    void encoderCloseFinishesTheBody() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        new ChunkedOutputStream(wire).close();
        assertEquals("0\r\n\r\n", wire.toString(ISO_8859_1));
    }

    @Test
    void encoderRefusesTrailersThatWouldBreakFraming() {
        ChunkedOutputStream out = new ChunkedOutputStream(new ByteArrayOutputStream());
        assertThrows(IllegalArgumentException.class, () -> out.finish(new HeaderFields().add("T", "a\r\nX: b")));
        assertThrows(IllegalArgumentException.class, () -> out.finish(new HeaderFields().add("T x", "a")));
    }

    @Test
    void decodesLargeChunks() throws IOException {
        byte[] payload = new byte[100_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (ChunkedOutputStream out = new ChunkedOutputStream(wire)) {
            out.write(payload, 0, 70_000);
            out.write(payload, 70_000, 30_000);
        }
        assertArrayEquals(payload, new ChunkedInputStream(new ByteArrayInputStream(wire.toByteArray())).readAllBytes());
    }
}
