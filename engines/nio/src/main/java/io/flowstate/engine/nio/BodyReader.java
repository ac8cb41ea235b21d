package io.flowstate.engine.nio;

import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.ChunkedScanner;
import io.flowstate.core.http1.Framing;
import java.nio.ByteBuffer;

/**
 * Finds a body's bytes in what a connection reads, by the body's framing (RFC 9112 6.3):
 * a length counted down, a chunked body whose end {@link ChunkedScanner} finds, or every
 * byte until the peer closes. Gives out pieces: the body as it is on the wire (framing
 * included, for relaying it unchanged), or its payload only (chunk framing dropped, for a
 * destination that frames it otherwise). What follows the body in the buffer (a pipelined
 * next request) is left where it is.
 *
 * <p>One per body; loop thread only.
 */
final class BodyReader {
    private final Framing framing;
    private final long maxPayload;
    private final ChunkedScanner scanner;
    private final boolean payload;
    private long remaining;
    private boolean done;
    private long payloadBytes;

    /**
     * @param framing    FIXED, CHUNKED or CLOSE_DELIMITED
     * @param length     the length of a FIXED body
     * @param payload    give out the payload only (else the wire bytes)
     * @param maxPayload the most payload accepted ({@code limits.maxBodyBytes}), -1 for no limit
     */
    BodyReader(Framing framing, long length, boolean payload, long maxPayload) {
        if (framing == Framing.NONE) {
            throw new IllegalArgumentException("a body with framing NONE has nothing to read");
        }
        this.framing = framing;
        this.remaining = length;
        this.payload = payload;
        this.maxPayload = maxPayload;
        this.scanner = framing == Framing.CHUNKED ? new ChunkedScanner() : null;
        this.done = framing == Framing.FIXED && length == 0;
    }

    /**
     * The next piece of body in {@code buf} (from its position to its limit): sets
     * {@code piece} (a view of the same array) to it and moves {@code buf}'s position past
     * it and past any framing skipped before it.
     *
     * @return the piece's length; 0 when {@code buf} holds no more of the body (or only
     *         framing, now consumed), or the body is done
     * @throws BadRequestException a malformed chunked body (400) or one over the limit (413)
     */
    int next(ByteBuffer buf, ByteBuffer piece) throws BadRequestException {
        if (done || !buf.hasRemaining()) {
            return 0;
        }
        byte[] array = buf.array();
        int from = buf.arrayOffset() + buf.position();
        int available = buf.remaining();
        int take;
        switch (framing) {
            case FIXED -> take = (int) Math.min(remaining, available);
            case CLOSE_DELIMITED -> take = available;
            case CHUNKED -> {
                if (payload) {
                    int framingBytes = scanner.scanFraming(array, from, available);
                    buf.position(buf.position() + framingBytes);
                    from += framingBytes;
                    available -= framingBytes;
                    if (scanner.isDone()) {
                        done = true;
                        return 0;
                    }
                    take = (int) Math.min(scanner.dataRemaining(), available);
                    scanner.takeData(take);
                } else {
                    take = scanner.scan(array, from, available);
                }
                if (maxPayload >= 0 && scanner.dataBytes() > maxPayload) {
                    throw new BadRequestException(413, "body_too_large",
                            "chunked body exceeds " + maxPayload + " bytes");
                }
            }
            default -> throw new AssertionError(framing);
        }
        if (framing == Framing.FIXED) {
            remaining -= take;
            done = remaining == 0;
        } else if (framing == Framing.CHUNKED && !payload) {
            done = scanner.isDone();
        }
        payloadBytes += framing == Framing.CHUNKED ? 0 : take;
        int start = buf.position();
        piece.limit(start + take).position(start);
        buf.position(start + take);
        return take;
    }

    /** Whether the whole body has been given out (never, for a close-delimited one, before the close). */
    boolean done() {
        return done;
    }

    /** Whether the body may end at the peer's close: only a close-delimited one (RFC 9112 6.3 item 8). */
    boolean endsAtClose() {
        return framing == Framing.CLOSE_DELIMITED;
    }

    /** Payload bytes given out so far (for the access log and metrics). */
    long payloadBytes() {
        return scanner != null ? scanner.dataBytes() : payloadBytes;
    }

    Framing framing() {
        return framing;
    }
}
