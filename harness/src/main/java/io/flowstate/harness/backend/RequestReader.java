package io.flowstate.harness.backend;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.1 requests from one connection, keeping only what a test backend needs: the
 * method is {@code HEAD}, the target is {@code /healthz}, the connection should close, the
 * client expects {@code 100 Continue}, and how the body is framed. Bodies are read and
 * discarded; bytes past the current request stay buffered for the next one (pipelining).
 *
 * <p>Nothing is allocated per request: the head is parsed in place in one reused buffer, which
 * grows (up to {@link #MAX_HEAD_BYTES}) only for a head that does not fit.
 *
 * <p>Framing follows RFC 9112: section 6.3 for the body length ({@code Transfer-Encoding}
 * ending in {@code chunked} wins over {@code Content-Length} and the connection then closes;
 * any other transfer coding, or conflicting lengths, is a bad request); section 7.1 for chunks
 * (extensions and trailers are skipped). Not for a test backend: obsolete line folding and
 * whitespace before the colon are bad requests (section 5), and an HTTP/1.0 request always
 * closes its connection.
 */
final class RequestReader {

    /** The largest request head accepted, in bytes; a larger one gets 431. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** The largest chunk-size or trailer line accepted, in bytes. */
    static final int MAX_LINE_BYTES = 8 * 1024;

    static final int INITIAL_BUFFER_BYTES = 8 * 1024;

    /** {@link #readHead} results. */
    static final int EOF = 0;
    static final int REQUEST = 1;
    static final int BAD = 2;
    static final int TOO_LARGE = 3;

    private final InputStream in;
    private byte[] buf = new byte[INITIAL_BUFFER_BYTES];
    private int pos;
    private int lim;
    private int lineStop;

    // The request just read.
    boolean head;
    boolean healthz;
    boolean close;
    boolean http10;
    boolean expectContinue;
    boolean chunked;
    long contentLength;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /** Whether the request just read has a body to discard. */
    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /**
     * Reads the next request head: {@link #EOF} when the connection ends before a request starts
     * (or in the middle of a head), {@link #REQUEST}, {@link #BAD} or {@link #TOO_LARGE}.
     */
    int readHead() throws IOException {
        int scanned = 0;
        while (true) {
            // RFC 9112 section 2.2: ignore empty lines before the request line.
            while (pos < lim && (buf[pos] == '\r' || buf[pos] == '\n')) {
                pos++;
            }
            int end = headEnd(pos + Math.max(0, scanned - 3));
            if (end >= 0) {
                int result = parse(pos, end);
                pos = end;
                return result;
            }
            scanned = lim - pos;
            if (scanned >= MAX_HEAD_BYTES) {
                return TOO_LARGE;
            }
            if (fill(MAX_HEAD_BYTES) < 0) {
                return EOF;
            }
        }
    }

    /**
     * Reads and discards the body of the request just read.
     *
     * @return false when the chunked framing is broken (a bad request)
     * @throws EOFException when the connection ends inside the body
     */
    boolean discardBody() throws IOException {
        if (!chunked) {
            skip(contentLength);
            return true;
        }
        while (true) {
            int start = readLine();
            if (start < 0) {
                return false;
            }
            long size = 0;
            int i = start;
            for (; i < lineStop; i++) {
                int digit = Character.digit(buf[i], 16);
                if (digit < 0) {
                    break;
                }
                if (i - start >= 15) {
                    return false;
                }
                size = size * 16 + digit;
            }
            if (i == start || (i < lineStop && buf[i] != ';' && buf[i] != ' ' && buf[i] != '\t')) {
                return false;
            }
            if (size == 0) {
                // Trailer section: field lines up to an empty line.
                while (true) {
                    int t = readLine();
                    if (t < 0) {
                        return false;
                    }
                    if (t == lineStop) {
                        return true;
                    }
                }
            }
            skip(size);
            int crlf = readLine();
            if (crlf < 0 || crlf != lineStop) {
                return false;
            }
        }
    }

    /** The end (exclusive) of the head starting at {@link #pos}: after LF CR LF or LF LF; -1 if not yet buffered. */
    private int headEnd(int from) {
        for (int i = Math.max(from, pos); i < lim; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < lim && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < lim && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private int parse(int from, int end) {
        head = false;
        healthz = false;
        close = false;
        http10 = false;
        expectContinue = false;
        chunked = false;
        contentLength = -1;
        boolean transferEncoding = false;

        // Request line: method SP target SP version (RFC 9112 section 3).
        int eol = indexOf('\n', from, end);
        int stop = eol > from && buf[eol - 1] == '\r' ? eol - 1 : eol;
        int sp1 = indexOf(' ', from, stop);
        int sp2 = sp1 < 0 ? -1 : indexOf(' ', sp1 + 1, stop);
        if (sp1 <= from || sp2 <= sp1 + 1) {
            return BAD;
        }
        head = is(from, sp1, "HEAD");
        boolean get = is(from, sp1, "GET");
        healthz = (get || head) && (is(sp1 + 1, sp2, "/healthz")
                || (sp2 - sp1 - 1 > 8 && is(sp1 + 1, sp1 + 9, "/healthz") && buf[sp1 + 9] == '?'));
        if (is(sp2 + 1, stop, "HTTP/1.0")) {
            http10 = true;
            close = true;
        } else if (!is(sp2 + 1, stop, "HTTP/1.1")) {
            return BAD;
        }

        // Field lines up to the empty line that ends the head.
        for (int line = eol + 1; line < end; ) {
            eol = indexOf('\n', line, end);
            stop = eol > line && buf[eol - 1] == '\r' ? eol - 1 : eol;
            if (stop == line) {
                break;
            }
            int colon = indexOf(':', line, stop);
            if (colon <= line || buf[line] == ' ' || buf[line] == '\t'
                    || buf[colon - 1] == ' ' || buf[colon - 1] == '\t') {
                return BAD;
            }
            int v = colon + 1;
            int ve = stop;
            while (v < ve && (buf[v] == ' ' || buf[v] == '\t')) {
                v++;
            }
            while (ve > v && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            if (isIgnoreCase(line, colon, "content-length")) {
                long n = decimal(v, ve);
                if (n < 0 || (contentLength >= 0 && contentLength != n)) {
                    return BAD;
                }
                contentLength = n;
            } else if (isIgnoreCase(line, colon, "transfer-encoding")) {
                int comma = lastIndexOf(',', v, ve);
                int last = comma < 0 ? v : comma + 1;
                while (last < ve && (buf[last] == ' ' || buf[last] == '\t')) {
                    last++;
                }
                if (!isIgnoreCase(last, ve, "chunked")) {
                    return BAD;
                }
                transferEncoding = true;
            } else if (isIgnoreCase(line, colon, "connection")) {
                if (hasToken(v, ve, "close")) {
                    close = true;
                }
            } else if (isIgnoreCase(line, colon, "expect")) {
                expectContinue = isIgnoreCase(v, ve, "100-continue");
            }
            line = eol + 1;
        }
        if (transferEncoding) {
            chunked = true;
            if (contentLength >= 0) {
                close = true; // RFC 9112 section 6.3 item 3: TE wins; close after responding
            }
            contentLength = -1;
        }
        return REQUEST;
    }

    /** Starts a line at {@link #pos}, sets {@link #lineStop}; returns its start, or -1 when over MAX_LINE_BYTES. */
    private int readLine() throws IOException {
        int scanned = pos;
        while (true) {
            int eol = indexOf('\n', scanned, lim);
            if (eol >= 0) {
                int start = pos;
                lineStop = eol > start && buf[eol - 1] == '\r' ? eol - 1 : eol;
                pos = eol + 1;
                return start;
            }
            if (lim - pos >= MAX_LINE_BYTES) {
                return -1;
            }
            int offset = lim - pos;
            if (fill(MAX_LINE_BYTES) < 0) {
                throw new EOFException("connection ended inside a chunked body");
            }
            scanned = pos + offset;
        }
    }

    /** Consumes exactly {@code n} bytes, reading no further than that. */
    private void skip(long n) throws IOException {
        int buffered = lim - pos;
        if (n <= buffered) {
            pos += (int) n;
            return;
        }
        n -= buffered;
        pos = 0;
        lim = 0;
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(n, buf.length));
            if (r < 0) {
                throw new EOFException("connection ended inside a request body");
            }
            n -= r;
        }
    }

    /**
     * Reads more bytes after {@link #lim}, first moving the buffered bytes to the front or growing
     * the buffer (to hold {@code max} bytes at most) when there is no room.
     */
    private int fill(int max) throws IOException {
        if (lim == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            } else {
                byte[] bigger = new byte[Math.min(Math.max(buf.length * 2, INITIAL_BUFFER_BYTES), max + 4)];
                System.arraycopy(buf, 0, bigger, 0, lim);
                buf = bigger;
            }
        }
        int r = in.read(buf, lim, buf.length - lim);
        if (r > 0) {
            lim += r;
        }
        return r;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private boolean is(int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Compares with a lower-case ASCII {@code s}. */
    private boolean isIgnoreCase(int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            int b = buf[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated list in [from, to) has the token {@code s}, ignoring case and OWS. */
    private boolean hasToken(int from, int to, String s) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || buf[i] == ',') {
                int a = start;
                int b = i;
                while (a < b && (buf[a] == ' ' || buf[a] == '\t')) {
                    a++;
                }
                while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t')) {
                    b--;
                }
                if (isIgnoreCase(a, b, s)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The decimal in [from, to), or -1 when it is empty, has a non-digit or has over 18 digits. */
    private long decimal(int from, int to) {
        if (to == from || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return -1;
            }
            n = n * 10 + (buf[i] - '0');
        }
        return n;
    }
}
