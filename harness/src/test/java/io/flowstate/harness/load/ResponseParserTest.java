package io.flowstate.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Framing and the few fields the generator reads, fed whole and split at every byte. */
class ResponseParserTest {

    /** What parsing one response observed. */
    record Parsed(int status, String backend, boolean close, int leftover) {
    }

    /** Feeds {@code text} in two parts split at {@code split}, as a connection's buffer would; then end of input if asked. */
    private static Parsed parse(String text, int split, boolean eof) throws ResponseParser.ProtocolException {
        ResponseParser p = new ResponseParser();
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer in = ByteBuffer.allocate(bytes.length + 1);
        boolean done = false;
        for (int[] part : new int[][] {{0, split}, {split, bytes.length}}) {
            in.put(bytes, part[0], part[1] - part[0]).flip();
            done = p.feed(in);
            in.compact();
            if (done) {
                break;
            }
        }
        if (!done && eof) {
            done = p.endOfInput();
        }
        if (!done) {
            return null;
        }
        String backend = p.backendLength() < 0 ? null
                : new String(p.backend(), 0, p.backendLength(), StandardCharsets.ISO_8859_1);
        return new Parsed(p.status(), backend, p.closeAfter(), in.position());
    }

    /** The same result whatever the split. */
    private static Parsed parseEverySplit(String text, boolean eof) throws ResponseParser.ProtocolException {
        Parsed first = parse(text, 0, eof);
        for (int split = 1; split <= text.length(); split++) {
            assertEquals(first, parse(text, split, eof), "split at " + split);
        }
        return first;
    }

    @Test
    void contentLength() throws Exception {
        Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Backend: b1\r\n\r\nhello", false);
        assertEquals(new Parsed(200, "b1", false, 0), p);
    }

    @Test
    void chunkedWithExtensionsAndTrailers() throws Exception {
        String text = "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, Chunked\r\nx-backend:  b2 \r\n\r\n"
                + "5;name=value\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";
        assertEquals(new Parsed(200, "b2", false, 0), parseEverySplit(text, false));
    }

    @Test
    void bodyUntilCloseEndsAtEndOfInput() throws Exception {
        String text = "HTTP/1.1 200 OK\r\nX-Backend: b3\r\n\r\nall of it";
        assertEquals(new Parsed(200, "b3", true, 0), parseEverySplit(text, true));
        assertEquals(null, parse(text, 5, false), "not complete before the close");
    }

    @Test
    void noBodyFor204And304AndInterimResponsesAreSkipped() throws Exception {
        assertEquals(new Parsed(204, null, false, 0), parseEverySplit("HTTP/1.1 204 No Content\r\n\r\n", false));
        assertEquals(new Parsed(304, null, false, 0), parseEverySplit("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", false));
        String interim = "HTTP/1.1 100 Continue\r\nX-Backend: no\r\n\r\nHTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n";
        assertEquals(new Parsed(503, null, false, 0), parseEverySplit(interim, false));
    }

    @Test
    void connectionCloseAndHttp10() throws Exception {
        assertTrue(parseEverySplit("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n", false).close());
        assertTrue(parseEverySplit("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false).close());
        assertFalse(parseEverySplit("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false).close());
    }

    @Test
    void bareLineFeedsAndBytesAfterTheResponse() throws Exception {
        assertEquals(new Parsed(200, null, false, 0), parseEverySplit("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false));
        String extra = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokXYZ";
        assertEquals(new Parsed(200, null, false, 3), parse(extra, extra.length(), false), "XYZ stays in the buffer");
    }

    @Test
    void cutShortAtEndOfInput() throws Exception {
        assertEquals(null, parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 3, true));
        assertEquals(null, parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", 3, true));
    }

    @Test
    void rejectsWhatCannotBeFramed() {
        for (String bad : new String[] {
                "HTTP/2 200 OK\r\n\r\n",
                "HTTP/1.1 2000 OK\r\n\r\n",
                "HTTP/1.1 abc OK\r\n\r\n",
                "SSH-2.0-OpenSSH\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n",
                "HTTP/1.1 101 Switching Protocols\r\n\r\n"}) {
            assertThrows(ResponseParser.ProtocolException.class, () -> parse(bad, bad.length(), false), bad);
        }
        String longLine = "HTTP/1.1 200 OK\r\nX: " + "x".repeat(ResponseParser.MAX_LINE_BYTES) + "\r\n\r\n";
        assertThrows(ResponseParser.ProtocolException.class, () -> parse(longLine, longLine.length(), false));
    }
}
