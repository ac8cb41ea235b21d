package io.flowstate.core.http1;

import io.flowstate.core.http.HeaderFields;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes a body with the chunked transfer coding (RFC 9112 7.1): each non-empty write
 * becomes one chunk; {@link #finish} writes the last chunk, the trailer fields and the
 * final CRLF.
 *
 * <p>{@link #close()} finishes the body (if not yet finished) and flushes, but does not
 * close the raw stream, which belongs to the connection. Writing after finishing throws.
 * Not thread-safe.
 */
public final class ChunkedOutputStream extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream raw;
    private final byte[] one = new byte[1];
    private boolean finished;

    public ChunkedOutputStream(OutputStream raw) {
        this.raw = Objects.requireNonNull(raw, "raw");
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    /** Writes one chunk holding b[off, off+len); nothing when len is 0 (a zero chunk ends the body). */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IOException("chunked body already finished");
        }
        if (len == 0) {
            return;
        }
        raw.write(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII));
        raw.write(CRLF);
        raw.write(b, off, len);
        raw.write(CRLF);
    }

    /** Ends the body without trailers. */
    public void finish() throws IOException {
        finish(new HeaderFields());
    }

    /**
     * Ends the body: last-chunk, trailer fields and the final CRLF (RFC 9112 7.1.2).
     *
     * @throws IllegalArgumentException when a trailer name is not a token or a value holds
     *         a byte not allowed in a field value (RFC 9110 5.5); nothing is written then
     */
    public void finish(HeaderFields trailers) throws IOException {
        if (finished) {
            throw new IOException("chunked body already finished");
        }
        StringBuilder tail = new StringBuilder("0\r\n");
        for (HeaderFields.Field f : trailers) {
            if (!Ascii.isToken(f.name(), 0, f.name().length())) {
                throw new IllegalArgumentException("trailer name is not a token: " + f.name());
            }
            for (int i = 0; i < f.value().length(); i++) {
                char c = f.value().charAt(i);
                if (c > 0xFF || !Ascii.isFieldContent(c)) {
                    throw new IllegalArgumentException("invalid character in trailer " + f.name());
                }
            }
            tail.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        tail.append("\r\n");
        finished = true;
        raw.write(tail.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void flush() throws IOException {
        raw.flush();
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finish();
        }
        raw.flush();
    }
}
