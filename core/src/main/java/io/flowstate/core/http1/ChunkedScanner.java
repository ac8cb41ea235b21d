package io.flowstate.core.http1;

import static io.flowstate.core.http1.Ascii.CR;
import static io.flowstate.core.http1.Ascii.LF;
import static io.flowstate.core.http1.BadRequestException.badRequest;

import java.util.Arrays;
import java.util.Objects;

/**
 * Finds where a chunked body ends (RFC 9112 7.1) without decoding it, for engines that
 * forward or skip a body as raw bytes. Input may arrive split at any byte boundary.
 *
 * <pre>
 * chunked-body   = *chunk last-chunk trailer-section CRLF
 * chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * chunk-size     = 1*HEXDIG
 * last-chunk     = 1*("0") [ chunk-ext ] CRLF
 * chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 * chunk-ext-val  = token / quoted-string
 * trailer-section = *( field-line CRLF )
 * </pre>
 *
 * <p>Limits: a chunk size above {@link #MAX_CHUNK_SIZE}; a chunk-size line (size and
 * extensions, without its line end) above {@link #MAX_CHUNK_LINE_BYTES}; a trailer section
 * above {@link #MAX_TRAILER_BYTES}. Line ends as in the head: CRLF or a bare LF; a bare CR
 * is an error. Whitespace (BWS) is accepted around ";" and "=" and before the line end.
 *
 * <p>Not thread-safe: one scanner per body. After {@link #scan} throws, the scanner is
 * spent and throws {@link IllegalStateException}; {@link #reset()} makes it reusable.
 */
public final class ChunkedScanner {
    /** Largest accepted chunk-size, 2^62 bytes. */
    public static final long MAX_CHUNK_SIZE = 1L << 62;
    /** Longest chunk-size line in bytes, size digits and extensions, without the line end. */
    public static final int MAX_CHUNK_LINE_BYTES = 4096;
    /** Largest trailer section in bytes, including line ends and the final empty line. */
    public static final int MAX_TRAILER_BYTES = 16384;

    /*
     * A byte-at-a-time state machine; chunk data is skipped in bulk. Each state names
     * what the next byte may be:
     *
     *   SIZE_FIRST -hex-> SIZE -ws-> SIZE_WS
     *   SIZE/SIZE_WS -;-> EXT_NAME_START -tchar-> EXT_NAME -=-> EXT_VALUE_START
     *        -tchar-> EXT_TOKEN, -"-> EXT_QUOTED (-\-> EXT_QUOTED_ESCAPE) -"-> EXT_AFTER
     *   any state that may end the size line -CR-> SIZE_LF -LF-> DATA or TRAILER_START
     *   DATA -(size bytes)-> DATA_CR -CR-> DATA_LF -LF-> SIZE_FIRST
     *   TRAILER_START -tchar-> TRAILER_NAME -:-> TRAILER_VALUE -CR-> TRAILER_LF -> TRAILER_START
     *   TRAILER_START -CR-> FINAL_LF -LF-> DONE
     */
    private static final int SIZE_FIRST = 0;
    private static final int SIZE = 1;
    private static final int SIZE_WS = 2;
    private static final int EXT_NAME_START = 3;
    private static final int EXT_NAME = 4;
    private static final int EXT_AFTER_NAME = 5;
    private static final int EXT_VALUE_START = 6;
    private static final int EXT_TOKEN = 7;
    private static final int EXT_QUOTED = 8;
    private static final int EXT_QUOTED_ESCAPE = 9;
    private static final int EXT_AFTER = 10;
    private static final int SIZE_LF = 11;
    private static final int DATA = 12;
    private static final int DATA_CR = 13;
    private static final int DATA_LF = 14;
    private static final int TRAILER_START = 15;
    private static final int TRAILER_NAME = 16;
    private static final int TRAILER_NAME_CR = 17;
    private static final int TRAILER_VALUE = 18;
    private static final int TRAILER_LF = 19;
    private static final int FINAL_LF = 20;
    private static final int DONE = 21;
    private static final int FAILED = 22;

    private final boolean keepTrailers;
    private int state;
    private long size;          // chunk-size being read, then the data bytes left in this chunk
    private int lineBytes;
    private int trailerBytes;
    private long dataBytes;
    private byte[] trailers;    // the raw trailer section, when keepTrailers

    public ChunkedScanner() {
        this(false);
    }

    /** With keepTrailers, the raw trailer section is kept for {@link #trailerSection()}. */
    ChunkedScanner(boolean keepTrailers) {
        this.keepTrailers = keepTrailers;
    }

    /**
     * Scans buf[off, off+len), continuing where the previous call stopped.
     *
     * @return how many of these bytes belong to the body: len, or fewer when the body ended
     *         inside this range (then {@link #isDone()}); 0 when already done
     * @throws BadRequestException on malformed framing (400) or oversized trailers (431)
     * @throws IllegalStateException after an earlier call threw
     */
    public int scan(byte[] buf, int off, int len) throws BadRequestException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (state == FAILED) {
            throw new IllegalStateException("chunked body was malformed; scanner must be reset");
        }
        try {
            return run(buf, off, off + len) - off;
        } catch (BadRequestException e) {
            state = FAILED;
            throw e;
        }
    }

    /**
     * Scans framing only, for a caller that decodes the body rather than relaying it: like
     * {@link #scan}, but stops where chunk data begins. Afterwards {@link #dataRemaining()}
     * says how many data bytes of the current chunk may come next (0 when the framing needs
     * more input, or the body is done); the caller takes them itself and reports them with
     * {@link #takeData}.
     *
     * @return how many of these bytes were framing (consumed)
     */
    public int scanFraming(byte[] buf, int off, int len) throws BadRequestException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (state == FAILED) {
            throw new IllegalStateException("chunked body was malformed; scanner must be reset");
        }
        try {
            int i = off;
            int to = off + len;
            while (i < to && state != DATA && state != DONE) {
                i = run(buf, i, i + 1);
            }
            return i - off;
        } catch (BadRequestException e) {
            state = FAILED;
            throw e;
        }
    }

    /** Data bytes of the current chunk that come next in the input; 0 when the next byte is framing. */
    public long dataRemaining() {
        return state == DATA ? size : 0;
    }

    /** The caller took {@code n} data bytes ({@code n <= dataRemaining()}) after {@link #scanFraming}. */
    public void takeData(long n) {
        if (n < 0 || n > dataRemaining()) {
            throw new IllegalArgumentException("took " + n + " data bytes, " + dataRemaining() + " remain");
        }
        if (n == 0) {
            return;                                            // nothing taken: the state stays what it is
        }
        size -= n;
        dataBytes += n;
        if (size == 0) {
            state = DATA_CR;
        }
    }

    /** Whether the last chunk, the trailer section and the final line end have been seen. */
    public boolean isDone() {
        return state == DONE;
    }

    /** Payload bytes seen so far, without framing: what a body-size limit (413) applies to. */
    public long dataBytes() {
        return dataBytes;
    }

    /** Makes this scanner ready for a new body. */
    public void reset() {
        state = SIZE_FIRST;
        size = 0;
        lineBytes = 0;
        trailerBytes = 0;
        dataBytes = 0;
        trailers = null;
    }

    /** Data bytes left in the current chunk when the next input byte is chunk data, else 0. */
    long chunkRemaining() {
        return state == DATA ? size : 0;
    }

    /** The raw trailer section including the final empty line (when kept), or an empty array. */
    byte[] trailerSection() {
        return trailers == null ? new byte[0] : Arrays.copyOf(trailers, trailerBytes);
    }

    private int run(byte[] buf, int from, int to) throws BadRequestException {
        int i = from;
        while (i < to) {
            if (state == DATA) {
                long n = Math.min(size, to - i);
                i += (int) n;
                size -= n;
                dataBytes += n;
                if (size == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            if (state == DONE) {
                return i;
            }
            byte b = buf[i++];
            if (state < SIZE_LF) {
                sizeLine(b);
            } else if (state < TRAILER_START) {
                dataEnd(b);
            } else {
                trailer(b);
            }
        }
        return i;
    }

    /** One byte of the chunk-size line (RFC 9112 7.1, 7.1.1). */
    private void sizeLine(byte b) throws BadRequestException {
        if (b == CR) {
            if (state == SIZE_FIRST || !mayEndLine()) {
                throw lineEndTooEarly();
            }
            state = SIZE_LF;
            return;
        }
        if (b == LF) {
            if (state == SIZE_FIRST || !mayEndLine()) {
                throw lineEndTooEarly();
            }
            endSizeLine();   // RFC 9112 2.2: a bare LF may end a line
            return;
        }
        if (++lineBytes > MAX_CHUNK_LINE_BYTES) {
            throw badRequest("chunk_line_too_long",
                    "chunk-size line longer than " + MAX_CHUNK_LINE_BYTES + " bytes");
        }
        boolean ws = Ascii.isWhitespace(b);
        switch (state) {
            case SIZE_FIRST, SIZE -> {
                int d = Ascii.hexValue(b);
                if (d >= 0) {
                    // RFC 9112 7.1: a recipient MUST anticipate large sizes and guard
                    // against overflow
                    if (size > MAX_CHUNK_SIZE >> 4) {
                        throw badRequest("chunk_size_overflow", "chunk-size above 2^62");
                    }
                    size = size * 16 + d;
                    if (size > MAX_CHUNK_SIZE) {
                        throw badRequest("chunk_size_overflow", "chunk-size above 2^62");
                    }
                    state = SIZE;
                } else if (state == SIZE && ws) {
                    state = SIZE_WS;
                } else if (state == SIZE && b == ';') {
                    state = EXT_NAME_START;
                } else {
                    // RFC 9112 7.1: chunk-size = 1*HEXDIG
                    throw badRequest("invalid_chunk_size", "chunk-size is not 1*HEXDIG");
                }
            }
            case SIZE_WS -> {
                if (b == ';') {
                    state = EXT_NAME_START;
                } else if (!ws) {
                    throw badRequest("invalid_chunk_size", "chunk-size is not 1*HEXDIG");
                }
            }
            case EXT_NAME_START -> {
                if (Ascii.isTchar(b)) {
                    state = EXT_NAME;
                } else if (!ws) {
                    throw invalidExtension();
                }
            }
            case EXT_NAME -> {
                if (b == '=') {
                    state = EXT_VALUE_START;
                } else if (b == ';') {
                    state = EXT_NAME_START;
                } else if (ws) {
                    state = EXT_AFTER_NAME;
                } else if (!Ascii.isTchar(b)) {
                    throw invalidExtension();
                }
            }
            case EXT_AFTER_NAME -> {
                if (b == '=') {
                    state = EXT_VALUE_START;
                } else if (b == ';') {
                    state = EXT_NAME_START;
                } else if (!ws) {
                    throw invalidExtension();
                }
            }
            case EXT_VALUE_START -> {
                if (b == '"') {
                    state = EXT_QUOTED;
                } else if (Ascii.isTchar(b)) {
                    state = EXT_TOKEN;
                } else if (!ws) {
                    throw invalidExtension();
                }
            }
            case EXT_TOKEN -> {
                if (b == ';') {
                    state = EXT_NAME_START;
                } else if (ws) {
                    state = EXT_AFTER;
                } else if (!Ascii.isTchar(b)) {
                    throw invalidExtension();
                }
            }
            case EXT_QUOTED -> {
                // RFC 9110 5.6.4: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
                if (b == '"') {
                    state = EXT_AFTER;
                } else if (b == '\\') {
                    state = EXT_QUOTED_ESCAPE;
                } else if (!Ascii.isFieldContent(b)) {
                    throw invalidExtension();
                }
            }
            case EXT_QUOTED_ESCAPE -> {
                // RFC 9110 5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                if (!Ascii.isFieldContent(b)) {
                    throw invalidExtension();
                }
                state = EXT_QUOTED;
            }
            case EXT_AFTER -> {
                if (b == ';') {
                    state = EXT_NAME_START;
                } else if (!ws) {
                    throw invalidExtension();
                }
            }
            default -> throw new AssertionError(state);
        }
    }

    /** Whether the size line may end in the current state. */
    private boolean mayEndLine() {
        return switch (state) {
            case SIZE, SIZE_WS, EXT_NAME, EXT_AFTER_NAME, EXT_TOKEN, EXT_AFTER -> true;
            default -> false;
        };
    }

    private BadRequestException lineEndTooEarly() {
        if (state == SIZE_FIRST) {
            return badRequest("invalid_chunk_size", "empty chunk-size");
        }
        return invalidExtension();
    }

    private void endSizeLine() {
        lineBytes = 0;
        if (size == 0) {
            state = TRAILER_START;   // RFC 9112 7.1: last-chunk, then the trailer section
        } else {
            state = DATA;
        }
    }

    /** The CRLF after the size line or after chunk data. */
    private void dataEnd(byte b) throws BadRequestException {
        switch (state) {
            case SIZE_LF -> {
                if (b != LF) {
                    throw FieldLines.bareCr();   // RFC 9112 2.2
                }
                endSizeLine();
            }
            case DATA_CR -> {
                if (b == CR) {
                    state = DATA_LF;
                } else if (b == LF) {
                    state = SIZE_FIRST;   // RFC 9112 2.2: bare LF accepted as a line end
                } else {
                    // RFC 9112 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
                    throw badRequest("missing_chunk_crlf", "chunk data not followed by CRLF");
                }
            }
            case DATA_LF -> {
                if (b != LF) {
                    throw FieldLines.bareCr();
                }
                state = SIZE_FIRST;
            }
            default -> throw new AssertionError(state);
        }
    }

    /** One byte of the trailer section (RFC 9112 7.1.2), validated like header field lines. */
    private void trailer(byte b) throws BadRequestException {
        if (++trailerBytes > MAX_TRAILER_BYTES) {
            throw new BadRequestException(431, "trailers_too_large",
                    "trailer section larger than " + MAX_TRAILER_BYTES + " bytes");
        }
        if (keepTrailers) {
            keep(b);
        }
        switch (state) {
            case TRAILER_START -> {
                if (b == CR) {
                    state = FINAL_LF;
                } else if (b == LF) {
                    state = DONE;
                } else if (Ascii.isWhitespace(b)) {
                    // RFC 9112 5.2: obs-fold is rejected
                    throw badRequest("obs_fold", "trailer line starts with whitespace");
                } else if (Ascii.isTchar(b)) {
                    state = TRAILER_NAME;
                } else {
                    throw badRequest("invalid_field_name", "trailer field name is not a token");
                }
            }
            case TRAILER_NAME -> {
                if (b == ':') {
                    state = TRAILER_VALUE;
                } else if (Ascii.isWhitespace(b)) {
                    // RFC 9112 5.1: no whitespace between field name and colon
                    throw badRequest("whitespace_before_colon", "whitespace after a trailer field name");
                } else if (b == CR) {
                    state = TRAILER_NAME_CR;
                } else if (b == LF) {
                    throw badRequest("missing_colon", "trailer field line without a colon");
                } else if (!Ascii.isTchar(b)) {
                    throw badRequest("invalid_field_name", "trailer field name is not a token");
                }
            }
            case TRAILER_NAME_CR -> {
                if (b != LF) {
                    throw FieldLines.bareCr();
                }
                throw badRequest("missing_colon", "trailer field line without a colon");
            }
            case TRAILER_VALUE -> {
                if (b == CR) {
                    state = TRAILER_LF;
                } else if (b == LF) {
                    state = TRAILER_START;
                } else if (!Ascii.isFieldContent(b)) {
                    // RFC 9110 5.5: no CTLs in a field value
                    throw badRequest("invalid_field_value", "control character in a trailer field value");
                }
            }
            case TRAILER_LF, FINAL_LF -> {
                if (b != LF) {
                    throw FieldLines.bareCr();
                }
                state = state == FINAL_LF ? DONE : TRAILER_START;
            }
            default -> throw new AssertionError(state);
        }
    }

    private void keep(byte b) {
        if (trailers == null) {
            trailers = new byte[64];
        } else if (trailerBytes > trailers.length) {
            trailers = Arrays.copyOf(trailers, Math.min(trailers.length * 2, MAX_TRAILER_BYTES));
        }
        trailers[trailerBytes - 1] = b;
    }

    private static BadRequestException invalidExtension() {
        return badRequest("invalid_chunk_extension", "malformed chunk extension");
    }
}
