package io.flowstate.harness.load;

import java.nio.ByteBuffer;

/**
 * Finds where one HTTP/1.1 response ends, and reads from it only what the generator counts:
 * the status code, the {@code X-Backend} value and whether the connection closes after it.
 *
 * <p>Contract: one parser per connection, one response at a time, used by the I/O thread only.
 * {@link #reset()} before each request; then {@link #feed} every byte received, in order, until
 * it returns true; at end of input call {@link #endOfInput()}. It never copies the body.
 *
 * <p>The framing follows RFC 9112 §6.3: no body for 1xx, 204 and 304; chunked when
 * {@code Transfer-Encoding} ends in {@code chunked} (extensions and trailers are skipped); read
 * to close when another transfer coding is named; else {@code Content-Length}; else read to
 * close. Interim 1xx responses are skipped. A bare LF ends a line as well as CRLF (§2.2).
 * Anything it cannot frame throws {@link ProtocolException}, which the generator counts as a
 * reset: the response did not arrive whole.
 */
final class ResponseParser {

    /** The longest status, header or chunk-size line accepted, in bytes. */
    static final int MAX_LINE_BYTES = 8 * 1024;
    /** X-Backend values longer than this are cut to it, in bytes. */
    static final int MAX_BACKEND_BYTES = 128;

    /** A response that cannot be framed. */
    static final class ProtocolException extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    private enum State { STATUS_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] X_BACKEND = ascii("x-backend");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private final byte[] backend = new byte[MAX_BACKEND_BYTES];
    private State state;
    private int status;
    private boolean http10;
    private boolean closeToken;
    private boolean keepAliveToken;
    private boolean transferEncoding;
    private boolean chunked;
    private long contentLength;
    private long remaining;
    private boolean close;
    private int backendLength;

    ResponseParser() {
        reset();
    }

    /** Prepares for the next response. */
    void reset() {
        state = State.STATUS_LINE;
        close = false;
        resetHead();
    }

    private void resetHead() {
        status = 0;
        http10 = false;
        closeToken = false;
        keepAliveToken = false;
        transferEncoding = false;
        chunked = false;
        contentLength = -1;
        remaining = 0;
        backendLength = -1;
    }

    /**
     * Consumes bytes from {@code in} (position to limit). Returns true when the response is
     * complete; bytes after it stay in {@code in}. When it returns false, what remains in
     * {@code in} is the start of a line still incomplete: keep it and append the next bytes.
     */
    boolean feed(ByteBuffer in) throws ProtocolException {
        while (state != State.DONE) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining > 0) {
                        return false;
                    }
                    state = state == State.BODY ? State.DONE : State.CHUNK_END;
                }
                case UNTIL_CLOSE -> {
                    in.position(in.limit());
                    return false;
                }
                default -> {
                    if (!line(in)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The peer closed its side. Returns true when that ends the response (a body read to close);
     * false when the response is cut short.
     */
    boolean endOfInput() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            return true;
        }
        return state == State.DONE;
    }

    /** The final status code; valid once {@link #feed} returned true. */
    int status() {
        return status;
    }

    /** Whether the connection cannot carry another request after this response. */
    boolean closeAfter() {
        return close;
    }

    /** The X-Backend bytes ({@link #backendLength()} of them). */
    byte[] backend() {
        return backend;
    }

    /** Length of the X-Backend value, or -1 when the response had none. */
    int backendLength() {
        return backendLength;
    }

    /** Takes one line from {@code in} if a whole one is there; false when it needs more bytes. */
    private boolean line(ByteBuffer in) throws ProtocolException {
        int start = in.position();
        int limit = in.limit();
        int lf = -1;
        for (int i = start; i < limit; i++) {
            if (in.get(i) == '\n') {
                lf = i;
                break;
            }
        }
        if (lf < 0) {
            if (limit - start > MAX_LINE_BYTES) {
                throw new ProtocolException("line longer than " + MAX_LINE_BYTES + " bytes");
            }
            return false;
        }
        if (lf - start > MAX_LINE_BYTES) {
            throw new ProtocolException("line longer than " + MAX_LINE_BYTES + " bytes");
        }
        int end = lf > start && in.get(lf - 1) == '\r' ? lf - 1 : lf;
        in.position(lf + 1);
        switch (state) {
            case STATUS_LINE -> statusLine(in, start, end);
            case HEADERS -> {
                if (end == start) {
                    endOfHead();
                } else {
                    field(in, start, end);
                }
            }
            case CHUNK_SIZE -> chunkSize(in, start, end);
            case CHUNK_END -> {
                if (end != start) {
                    throw new ProtocolException("chunk data not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (end == start) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
        return true;
    }

    // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
    private void statusLine(ByteBuffer in, int start, int end) throws ProtocolException {
        if (end - start < 12 || !startsWith(in, start, "HTTP/1.") || in.get(start + 8) != ' '
                || (end - start > 12 && in.get(start + 12) != ' ')) {
            throw new ProtocolException("not an HTTP/1.x status line");
        }
        byte minor = in.get(start + 7);
        if (minor != '0' && minor != '1') {
            throw new ProtocolException("unsupported HTTP version");
        }
        int code = 0;
        for (int i = start + 9; i < start + 12; i++) {
            int d = in.get(i) - '0';
            if (d < 0 || d > 9) {
                throw new ProtocolException("status code is not three digits");
            }
            code = code * 10 + d;
        }
        if (code < 100) {
            throw new ProtocolException("status code below 100");
        }
        status = code;
        http10 = minor == '0';
        state = State.HEADERS;
    }

    private void field(ByteBuffer in, int start, int end) throws ProtocolException {
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (in.get(i) == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= start) {
            throw new ProtocolException("header line without a field name");
        }
        int from = colon + 1;
        int to = end;
        while (from < to && isSpace(in.get(from))) {
            from++;
        }
        while (to > from && isSpace(in.get(to - 1))) {
            to--;
        }
        if (nameIs(in, start, colon, X_BACKEND)) {
            backendLength = Math.min(to - from, MAX_BACKEND_BYTES);
            in.get(from, backend, 0, backendLength);
        } else if (nameIs(in, start, colon, CONTENT_LENGTH)) {
            long length = digits(in, from, to);
            if (contentLength >= 0 && contentLength != length) {
                throw new ProtocolException("conflicting Content-Length fields");
            }
            contentLength = length;
        } else if (nameIs(in, start, colon, TRANSFER_ENCODING)) {
            transferEncoding = true;
            chunked = endsWithIgnoreCase(in, from, to, CHUNKED);
        } else if (nameIs(in, start, colon, CONNECTION)) {
            connectionTokens(in, from, to);
        }
    }

    private void endOfHead() throws ProtocolException {
        if (status == 101) {
            throw new ProtocolException("101 Switching Protocols to a GET that asked for none");
        }
        if (status < 200) {
            resetHead();               // an interim response: the final one follows (RFC 9110 §15.2)
            state = State.STATUS_LINE;
            return;
        }
        close |= closeToken || (http10 && !keepAliveToken);
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (transferEncoding) {
            // RFC 9112 §6.3 rules 3-4: Transfer-Encoding wins over Content-Length; a response
            // whose final coding is not chunked is delimited by the close.
            state = chunked ? State.CHUNK_SIZE : State.UNTIL_CLOSE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY;
        } else {
            state = State.UNTIL_CLOSE; // rule 8: no length, read until the server closes
        }
        if (state == State.UNTIL_CLOSE) {
            close = true;
        }
    }

    // chunk-size = 1*HEXDIG, then optional chunk-ext after ';'   (RFC 9112 §7.1)
    private void chunkSize(ByteBuffer in, int start, int end) throws ProtocolException {
        long size = 0;
        int i = start;
        for (; i < end; i++) {
            int d = Character.digit(in.get(i), 16);
            if (d < 0) {
                break;
            }
            if (i - start >= 15) {
                throw new ProtocolException("chunk size too large");
            }
            size = size * 16 + d;
        }
        if (i == start || (i < end && in.get(i) != ';' && !isSpace(in.get(i)))) {
            throw new ProtocolException("malformed chunk size");
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void connectionTokens(ByteBuffer in, int from, int to) {
        int i = from;
        while (i < to) {
            int tokenEnd = i;
            while (tokenEnd < to && in.get(tokenEnd) != ',') {
                tokenEnd++;
            }
            int a = i;
            int b = tokenEnd;
            while (a < b && isSpace(in.get(a))) {
                a++;
            }
            while (b > a && isSpace(in.get(b - 1))) {
                b--;
            }
            closeToken |= nameIs(in, a, b, CLOSE);
            keepAliveToken |= nameIs(in, a, b, KEEP_ALIVE);
            i = tokenEnd + 1;
        }
    }

    private static long digits(ByteBuffer in, int from, int to) throws ProtocolException {
        if (from == to || to - from > 18) {
            throw new ProtocolException("malformed Content-Length");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = in.get(i) - '0';
            if (d < 0 || d > 9) {
                throw new ProtocolException("malformed Content-Length");
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Case-insensitive match of bytes [from, to) against a lower-case ASCII name. */
    private static boolean nameIs(ByteBuffer in, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (toLower(in.get(from + i)) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithIgnoreCase(ByteBuffer in, int from, int to, byte[] lower) {
        return to - from >= lower.length && nameIs(in, to - lower.length, to, lower);
    }

    private static boolean startsWith(ByteBuffer in, int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (in.get(from + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
