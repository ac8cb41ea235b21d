package io.flowstate.core.http1;

import io.flowstate.core.http.HeaderFields;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Decodes a chunked body (RFC 9112 7.1) from a raw stream: yields the payload bytes, then
 * end of stream after the last chunk, the trailer section and the final line end.
 *
 * <p>It never reads past the end of the body, so the raw stream can go on to carry the
 * next request on the same connection. To keep that promise it reads framing bytes one at
 * a time: give it a buffered stream. Framing is validated exactly as by
 * {@link ChunkedScanner}.
 *
 * <p>Errors: malformed framing throws an {@link IOException} whose message says what is
 * wrong and whose cause is the {@link BadRequestException} (status and reason); a raw
 * stream that ends early throws {@link EOFException}. After an error the stream is unusable.
 *
 * <p>{@link #close()} does not close the raw stream, which belongs to the connection: the
 * caller decides whether to drain the rest of the body or to close the connection. Not
 * thread-safe.
 */
public final class ChunkedInputStream extends InputStream {
    private final InputStream raw;
    private final ChunkedScanner scanner = new ChunkedScanner(true);
    private final byte[] framing = new byte[1];
    private final byte[] one = new byte[1];
    private IOException failure;
    private HeaderFields trailers;
    private boolean closed;

    public ChunkedInputStream(InputStream raw) {
        this.raw = Objects.requireNonNull(raw, "raw");
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureUsable();
        if (len == 0) {
            return 0;
        }
        if (!advanceToData()) {
            return -1;
        }
        int want = (int) Math.min(len, scanner.chunkRemaining());
        int n = raw.read(b, off, want);
        if (n < 0) {
            throw fail(new EOFException("chunked body truncated: stream ended with "
                    + scanner.chunkRemaining() + " bytes of chunk data missing"));
        }
        scan(b, off, n);
        return n;
    }

    @Override
    public int available() throws IOException {
        ensureUsable();
        return (int) Math.min(raw.available(), scanner.chunkRemaining());
    }

    /** Whether the whole body, trailers included, has been read. */
    public boolean isDone() {
        return scanner.isDone();
    }

    /** Payload bytes read so far: what a body-size limit (413) applies to. */
    public long dataBytes() {
        return scanner.dataBytes();
    }

    /**
     * The trailer fields, in order; empty until {@link #isDone()} and when the body had none.
     * A fresh copy on each call.
     */
    public HeaderFields trailers() {
        if (!scanner.isDone()) {
            return new HeaderFields();
        }
        if (trailers == null) {
            trailers = new HeaderFields();
            byte[] section = scanner.trailerSection();
            try {
                FieldLines.parseSection(section, 0, section.length, trailers, Integer.MAX_VALUE, false);
            } catch (BadRequestException e) {
                // the scanner accepted these bytes with the same rules
                throw new IllegalStateException("trailers accepted by the scanner failed to parse", e);
            }
        }
        return trailers.copy();
    }

    /** Marks this stream closed; the raw stream stays open. */
    @Override
    public void close() {
        closed = true;
    }

    /** Reads framing bytes until chunk data is next; false at the end of the body. */
    private boolean advanceToData() throws IOException {
        while (scanner.chunkRemaining() == 0) {
            if (scanner.isDone()) {
                return false;
            }
            int c = raw.read();
            if (c < 0) {
                throw fail(new EOFException("chunked body truncated: stream ended before the last chunk"));
            }
            framing[0] = (byte) c;
            scan(framing, 0, 1);
        }
        return true;
    }

    private void scan(byte[] b, int off, int n) throws IOException {
        try {
            scanner.scan(b, off, n);
        } catch (BadRequestException e) {
            throw fail(new IOException("malformed chunked body: " + e.reason() + ": " + e.getMessage(), e));
        }
    }

    private IOException fail(IOException e) {
        failure = e;
        return e;
    }

    private void ensureUsable() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (failure != null) {
            throw new IOException("chunked body failed earlier: " + failure.getMessage(), failure);
        }
    }
}
