package io.flowstate.core.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkedScannerTest {

    private static ChunkedScanner scanned(String body, int expectedConsumed) throws BadRequestException {
        ChunkedScanner s = new ChunkedScanner();
        byte[] b = body.getBytes(ISO_8859_1);
        assertEquals(expectedConsumed, s.scan(b, 0, b.length));
        return s;
    }

    private static void assertRejected(String body, int status, String reason) {
        byte[] b = body.getBytes(ISO_8859_1);
        BadRequestException e = assertThrows(BadRequestException.class, () -> new ChunkedScanner().scan(b, 0, b.length));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(status, e.status());
    }

    @Test
    void findsTheEndAndCountsData() throws Exception {
        String body = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        ChunkedScanner s = scanned(body + "GET / HTTP/1.1\r\n", body.length());
        assertTrue(s.isDone());
        assertEquals(11, s.dataBytes());
    }

    @Test
    void notDoneWhileIncomplete() throws Exception {
        String body = "5\r\nhello\r\n0\r\n";
        ChunkedScanner s = scanned(body, body.length());
        assertFalse(s.isDone());
        assertEquals(5, s.dataBytes());
    }

    @Test
    void hexSizesInEitherCase() throws Exception {
        String body = "a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n";
        assertEquals(20, scanned(body, body.length()).dataBytes());
    }

    @Test
    void extensionsAreAccepted() throws Exception {
        String body = "3;a;b=c ; d = \"x\\\"y;z\"\r\nabc\r\n0;last\r\n\r\n";
        assertTrue(scanned(body, body.length()).isDone());
    }

    @Test
    void trailersAreAccepted() throws Exception {
        String body = "1\r\nx\r\n0\r\nChecksum: abc\r\nX-B:\r\n\r\n";
        assertTrue(scanned(body + "tail", body.length()).isDone());
    }

    @Test
    void bareLfIsALineEnd() throws Exception {
        String body = "1\nx\n0\nT: v\n\n";
        assertTrue(scanned(body, body.length()).isDone());
    }

    @Test
    void scanAfterDoneConsumesNothing() throws Exception {
        ChunkedScanner s = scanned("0\r\n\r\n", 5);
        assertEquals(0, s.scan(new byte[] {'x'}, 0, 1));
    }

    @Test
    void emptyChunkSize() {
        assertRejected("\r\nabc\r\n0\r\n\r\n", 400, "invalid_chunk_size");
        assertRejected(";a\r\n", 400, "invalid_chunk_size");
    }

    @Test
    void nonHexChunkSize() {
        assertRejected("x\r\n", 400, "invalid_chunk_size");
        assertRejected("-1\r\n", 400, "invalid_chunk_size");
        assertRejected("1 2\r\n", 400, "invalid_chunk_size");
        assertRejected("0x5\r\n", 400, "invalid_chunk_size");
    }

    @Test
    void chunkSizeOverflow() {
        assertRejected("4000000000000001\r\n", 400, "chunk_size_overflow");
        assertRejected("10000000000000000\r\n", 400, "chunk_size_overflow");
        assertRejected("ffffffffffffffffffff\r\n", 400, "chunk_size_overflow");
    }

    @Test
    void chunkSizeAtTheLimitIsAccepted() throws Exception {
        ChunkedScanner s = scanned("4000000000000000\r\nabc", 21);
        assertEquals(3, s.dataBytes());
    }

    @Test
    void malformedExtensions() {
        assertRejected("1;\r\nx\r\n", 400, "invalid_chunk_extension");
        assertRejected("1;a=\r\nx\r\n", 400, "invalid_chunk_extension");
        assertRejected("1;a=\"open\r\nx\r\n", 400, "invalid_chunk_extension");
        assertRejected("1;a=b c\r\nx\r\n", 400, "invalid_chunk_extension");
        assertRejected("1;(a)\r\nx\r\n", 400, "invalid_chunk_extension");
        assertRejected("1;a=\"\u0001\"\r\nx\r\n", 400, "invalid_chunk_extension");
    }

    @Test
    void chunkLineTooLong() throws Exception {
        String atLimit = "1;a=" + "b".repeat(ChunkedScanner.MAX_CHUNK_LINE_BYTES - 4) + "\r\nx\r\n0\r\n\r\n";
        assertTrue(scanned(atLimit, atLimit.length()).isDone());
        assertRejected("1;a=" + "b".repeat(ChunkedScanner.MAX_CHUNK_LINE_BYTES - 3) + "\r\n", 400, "chunk_line_too_long");
        assertRejected("0".repeat(ChunkedScanner.MAX_CHUNK_LINE_BYTES + 1), 400, "chunk_line_too_long");
    }

    @Test
    void dataNotFollowedByCrlf() {
        assertRejected("3\r\nabcd\r\n0\r\n\r\n", 400, "missing_chunk_crlf");
    }

    @Test
    void bareCr() {
        assertRejected("3\rabc\r\n", 400, "bare_cr");
        assertRejected("3\r\nabc\rx", 400, "bare_cr");
        assertRejected("0\r\nT: v\rX: y\r\n\r\n", 400, "bare_cr");
        assertRejected("0\r\n\rx", 400, "bare_cr");
        assertRejected("0\r\nT\rx", 400, "bare_cr");
    }

    @Test
    void trailerObsFold() {
        assertRejected("0\r\nT: a\r\n b\r\n\r\n", 400, "obs_fold");
    }

    @Test
    void trailerWhitespaceBeforeColon() {
        assertRejected("0\r\nT : a\r\n\r\n", 400, "whitespace_before_colon");
    }

    @Test
    void trailerInvalidName() {
        assertRejected("0\r\n: a\r\n\r\n", 400, "invalid_field_name");
        assertRejected("0\r\nT(x): a\r\n\r\n", 400, "invalid_field_name");
    }

    @Test
    void trailerWithoutColon() {
        assertRejected("0\r\nT\r\n\r\n", 400, "missing_colon");
        assertRejected("0\r\nT\n\r\n", 400, "missing_colon");
    }

    @Test
    void trailerInvalidValue() {
        assertRejected("0\r\nT: a\u0000b\r\n\r\n", 400, "invalid_field_value");
    }

    @Test
    void trailersTooLarge() throws Exception {
        String value = "v".repeat(ChunkedScanner.MAX_TRAILER_BYTES - 7);
        String atLimit = "0\r\nT: " + value + "\r\n\r\n";   // 16384 trailer bytes after "0\r\n"
        assertTrue(scanned(atLimit, atLimit.length()).isDone());
        assertRejected("0\r\nT: " + value + "v\r\n\r\n", 431, "trailers_too_large");
    }

    @Test
    void failedScannerRefusesMoreInputUntilReset() throws Exception {
        ChunkedScanner s = new ChunkedScanner();
        byte[] bad = "x".getBytes(ISO_8859_1);
        assertThrows(BadRequestException.class, () -> s.scan(bad, 0, 1));
        assertThrows(IllegalStateException.class, () -> s.scan(bad, 0, 1));
        s.reset();
        byte[] good = "0\r\n\r\n".getBytes(ISO_8859_1);
        assertEquals(5, s.scan(good, 0, good.length));
        assertTrue(s.isDone());
    }

    @Test
    void resetAllowsTheNextBody() throws Exception {
        ChunkedScanner s = scanned("2\r\nab\r\n0\r\n\r\n", 12);
        s.reset();
        assertFalse(s.isDone());
        assertEquals(0, s.dataBytes());
        byte[] next = "1\r\nc\r\n0\r\n\r\n".getBytes(ISO_8859_1);
        assertEquals(next.length, s.scan(next, 0, next.length));
        assertEquals(1, s.dataBytes());
    }

    @org.junit.jupiter.api.Test
    void framingAndDataTakenApartGiveThePayloadWhateverTheSplit() throws Exception {
        byte[] body = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int step = 1; step <= body.length; step++) {
            ChunkedScanner s = new ChunkedScanner();
            StringBuilder data = new StringBuilder();
            int pos = 0;
            int available = 0;
            while (!s.isDone()) {
                if (pos == available) {
                    available = Math.min(body.length, available + step);
                }
                pos += s.scanFraming(body, pos, available - pos);
                int take = (int) Math.min(s.dataRemaining(), available - pos);
                s.takeData(take);                              // 0 included: it changes nothing
                data.append(new String(body, pos, take, java.nio.charset.StandardCharsets.ISO_8859_1));
                pos += take;
            }
            org.junit.jupiter.api.Assertions.assertEquals("hello, world", data.toString(), "step " + step);
            org.junit.jupiter.api.Assertions.assertEquals(body.length, pos, "step " + step);
            org.junit.jupiter.api.Assertions.assertEquals(12, s.dataBytes());
        }
    }
}
