package io.flowstate.engine.nio;

import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.Framing;
import io.flowstate.core.http1.Http1RequestRules;
import io.flowstate.core.http1.RequestHead;
import java.nio.ByteBuffer;

/**
 * Finds and judges a request head in what a client connection has read so far, in place:
 * the core's {@link Http1RequestRules} run on the buffer's array, so no text is rebuilt,
 * whatever the split of the bytes across reads.
 */
final class HeadReader {
    private HeadReader() {
    }

    /**
     * The head at the start of {@code in}'s unread bytes (from its position to its limit),
     * with {@code in}'s position moved past it; or null, with {@code in} unchanged, when the
     * head is not whole yet.
     *
     * @param maxHeadBytes {@code limits.maxHeaderBytes}: no end within that many bytes is 431
     * @param maxBodyBytes {@code limits.maxBodyBytes}, -1 for none: a longer Content-Length is 413
     * @throws BadRequestException for every violation of the core's rules, with its status and reason
     */
    static RequestHead next(ByteBuffer in, int maxHeadBytes, long maxBodyBytes) throws BadRequestException {
        int end = Http1RequestRules.findHeadEnd(in.array(), in.arrayOffset() + in.position(), in.remaining(),
                maxHeadBytes);
        if (end < 0) {
            return null;
        }
        int from = in.arrayOffset() + in.position();
        RequestHead h = Http1RequestRules.parse(in.array(), from, end - from);
        if (h.framing() == Framing.FIXED && maxBodyBytes >= 0 && h.contentLength() > maxBodyBytes) {
            throw new BadRequestException(413, "body_too_large",
                    "Content-Length " + h.contentLength() + " exceeds " + maxBodyBytes);
        }
        in.position(end - in.arrayOffset());
        return h;
    }
}
