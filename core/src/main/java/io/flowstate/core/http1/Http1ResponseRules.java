package io.flowstate.core.http1;

import static io.flowstate.core.http1.Ascii.CR;
import static io.flowstate.core.http1.Ascii.LF;

import io.flowstate.core.http.HeaderFields;
import java.util.Objects;

/**
 * Finds, parses and validates the HTTP/1.x response heads a backend sends, for engines that
 * read backend responses themselves, so that every such engine reads one response the same
 * way and never differently from the client it relays to.
 *
 * <p>Use: accumulate bytes until {@link #findHeadEnd} returns an index, then call
 * {@link #parse} on the head with the method of the request it answers (the framing depends
 * on it). On an {@link ResponseHead#interim() interim} head, drop or relay it and repeat from
 * {@link ResponseHead#headBytes()} further on. Both methods are stateless and thread-safe.
 * Every violation is a {@link BadResponseException}: answer 502 and close the backend
 * connection.
 *
 * <p>The rules:
 * <ul>
 *   <li>status line (RFC 9112 4): {@code HTTP-version SP status-code SP [ reason-phrase ]},
 *       HTTP/1.1 or HTTP/1.0, three digits in 100..599; the SP before an empty reason phrase
 *       may be missing (see {@link StatusLine});</li>
 *   <li>field lines: exactly as on a request ({@link FieldLines}): no obs-fold, no bare CR,
 *       no whitespace before the colon, no CTLs;</li>
 *   <li>1xx: 100 and 103 are interim heads with no body; 101 and every other 1xx are refused
 *       ({@link Http1Interim});</li>
 *   <li>framing (RFC 9112 6.3): no body for HEAD, 1xx, 204, 304 and a 2xx to CONNECT,
 *       whatever the fields say; otherwise Transfer-Encoding ending in a single chunked, or a
 *       valid Content-Length, never both, no Transfer-Encoding in HTTP/1.0; with neither, the
 *       body lasts until the backend closes;</li>
 *   <li>keep-alive (RFC 9112 9.3): not with "close", HTTP/1.0 only with "keep-alive", never
 *       after a close-delimited body or a tunnel.</li>
 * </ul>
 *
 * <p>Leading empty lines are not skipped, unlike {@link Http1RequestRules}: RFC 9112 2.2 asks
 * a <em>server</em> to ignore empty lines before a request line (old clients sent a CRLF
 * after a POST body) and gives a client no such licence; on a backend connection bytes
 * before a status line mean the previous response was framed wrongly, and RFC 9112 6.3 says
 * a client MUST NOT treat such extra data as a separate response. Hence a response twin of
 * {@code findHeadEnd}, which also reports a {@link BadResponseException}, not a 431.
 */
public final class Http1ResponseRules {
    /** Default limit on the head's size in bytes, from the status line to the final empty line. */
    public static final int DEFAULT_MAX_HEADER_BYTES = Http1RequestRules.DEFAULT_MAX_HEADER_BYTES;
    /** Default limit on the number of field lines in one head. */
    public static final int DEFAULT_MAX_HEADER_FIELDS = Http1RequestRules.DEFAULT_MAX_HEADER_FIELDS;

    /*
     * parse works in one pass, as the request side does: the status line up to its LF, then
     * field lines through FieldLines (shared with requests and trailers, its
     * BadRequestExceptions translated with their reason names kept), then the framing rules
     * over the few fields involved. The interim check comes right after the status line: a
     * 101 is refused whatever its fields are. FramingRules decides Content-Length and
     * Transfer-Encoding as for a request once the response-only cases (bodiless statuses,
     * close-delimited) and the response-worded refusals have been taken out.
     */

    private Http1ResponseRules() {
    }

    /**
     * Looks for the end of a response head in buf[off, off+len).
     *
     * <p>The head ends with an empty line: CRLF CRLF, LF LF, or a mix of the two line ends.
     * An empty first line is a complete head at once (which {@link #parse} refuses as
     * {@code invalid_status_line}), so a backend that sends stray line ends is refused at
     * once rather than waited for. Only the first {@code maxHeaderBytes} bytes are searched.
     *
     * @return the index in {@code buf} (not relative to off) just past the final empty line,
     *         so that {@code parse(buf, off, end - off, method)} parses the head; or -1 when
     *         the head is not complete yet and fewer than {@code maxHeaderBytes} bytes are
     *         available
     * @throws BadResponseException {@code header_too_large} when {@code maxHeaderBytes}
     *         bytes are available and hold no complete head
     */
    public static int findHeadEnd(byte[] buf, int off, int len, int maxHeaderBytes) throws BadResponseException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive: " + maxHeaderBytes);
        }
        int end = off + Math.min(len, maxHeaderBytes);
        for (int i = off; i < end; i++) {
            if (buf[i] != LF) {
                continue;
            }
            if (i == off || (i == off + 1 && buf[off] == CR)) {
                return i + 1;   // an empty first line: no status line, see the class javadoc
            }
            int k = i + 1;
            if (k < end && buf[k] == LF) {
                return k + 1;
            }
            if (k + 1 < end && buf[k] == CR && buf[k + 1] == LF) {
                return k + 2;
            }
        }
        if (len >= maxHeaderBytes) {
            throw new BadResponseException("header_too_large",
                    "no end of the response head within " + maxHeaderBytes + " bytes");
        }
        return -1;
    }

    /** {@link #parse(byte[], int, int, String, int)} with {@link #DEFAULT_MAX_HEADER_FIELDS}. */
    public static ResponseHead parse(byte[] buf, int off, int len, String requestMethod) throws BadResponseException {
        return parse(buf, off, len, requestMethod, DEFAULT_MAX_HEADER_FIELDS);
    }

    /**
     * Parses and validates one complete response head starting at buf[off].
     *
     * <p>{@code len} is normally {@code findHeadEnd(...) - off}. Parsing stops at the first
     * empty line after the status line, so bytes after the head are never looked at; the
     * head's own size is {@link ResponseHead#headBytes()}. No size limit applies here: that
     * is {@link #findHeadEnd}'s job. As with {@link Http1RequestRules#parse}, the fields keep
     * their bytes in a copy of their own of the field section (to {@code off + len}), and
     * {@code buf} is the caller's again when this returns.
     *
     * @param requestMethod the method of the request this response answers, case-sensitive
     *        (RFC 9110 9.1): a response to {@code HEAD} has no body, nor has a 2xx to
     *        {@code CONNECT}
     * @throws BadResponseException for every violation, with its reason; a head without a
     *         final empty line within len is {@code incomplete_head}
     */
    public static ResponseHead parse(byte[] buf, int off, int len, String requestMethod, int maxHeaderFields)
            throws BadResponseException {
        Objects.checkFromIndexSize(off, len, buf.length);
        Objects.requireNonNull(requestMethod, "requestMethod");
        int end = off + len;
        int lf = FieldLines.findLf(buf, off, end);
        if (lf < 0) {
            throw new BadResponseException("incomplete_head", "status line does not end");
        }
        StatusLine line = StatusLine.parse(buf, off, FieldLines.contentEnd(buf, off, lf));
        int status = line.status();
        if (!Http1Interim.relayable(status)) {
            if (status == 101) {
                // RFC 9110 15.2.2, 7.8: the proxy does not follow a backend into another
                // protocol, so the connection cannot be relayed past this head
                throw new BadResponseException("upgrade_not_supported", "101 Switching Protocols from the backend");
            }
            // Http1Interim: only 100 and 103 are dropped or relayed; any other 1xx (102,
            // 104..199) is unexpected and refused like a 101
            throw new BadResponseException("unexpected_interim", "interim status " + status + " from the backend");
        }

        byte[] section = FieldLines.ownSection(buf, lf + 1, end);
        HeaderFields headers = new HeaderFields(Http1RequestRules.expectedFields(section.length, maxHeaderFields));
        int headEnd;
        try {
            headEnd = lf + 1 + FieldLines.parseSection(section, 0, section.length, headers, maxHeaderFields, true);
        } catch (BadRequestException e) {
            throw BadResponseException.of(e);
        }

        boolean http10 = line.version().equals(RequestLine.HTTP_1_0);
        // RFC 9112 6.3 item 2: a 2xx to CONNECT turns the connection into a tunnel right after
        // the head; its Content-Length and Transfer-Encoding MUST be ignored. The head has no
        // body, and the connection never carries another request.
        boolean tunnel = status / 100 == 2 && requestMethod.equals("CONNECT");
        Framing framing;
        long length = -1;
        if (tunnel || bodiless(status, requestMethod)) {
            framing = Framing.NONE;
        } else {
            length = contentLength(headers, http10);
            framing = length == FramingRules.CHUNKED ? Framing.CHUNKED
                    : length == FramingRules.NONE ? Framing.CLOSE_DELIMITED : Framing.FIXED;
        }
        boolean keepAlive = !tunnel && framing != Framing.CLOSE_DELIMITED && persistent(headers, http10);
        return new ResponseHead(status, line.version(), headers, framing,
                framing == Framing.FIXED ? length : -1, keepAlive, headEnd - off);
    }

    /**
     * RFC 9112 6.3 item 1: a response to HEAD, and a 1xx, 204 or 304, ends at the empty line
     * after its fields, "regardless of the header fields present" (RFC 9110 9.3.2: HEAD;
     * RFC 9110 6.4.1: 1xx, 204 and 304 never include content). Content-Length and
     * Transfer-Encoding are then not read, so not validated either: they cannot change where
     * this response ends, and what the client is told is the response plan's business.
     */
    private static boolean bodiless(int status, String requestMethod) {
        return status < 200 || status == 204 || status == 304 || requestMethod.equals("HEAD");
    }

    /**
     * The body length of a response that may have one: >= 0 for Content-Length,
     * {@link FramingRules#CHUNKED}, or {@link FramingRules#NONE} when neither field is
     * present (RFC 9112 6.3 item 8: the body then lasts until the backend closes).
     */
    private static long contentLength(HeaderFields headers, boolean http10) throws BadResponseException {
        boolean hasTe = headers.contains("Transfer-Encoding");
        if (hasTe && headers.contains("Content-Length")) {
            // RFC 9112 6.1, 6.3 item 3: both fields may be an attempt at response splitting and
            // ought to be handled as an error; we refuse, on the backend side as on the client's
            throw new BadResponseException("transfer_encoding_with_content_length",
                    "both Transfer-Encoding and Content-Length");
        }
        if (hasTe && http10) {
            // RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing
            throw new BadResponseException("transfer_encoding_in_http10", "Transfer-Encoding in an HTTP/1.0 response");
        }
        try {
            // Transfer-Encoding: the codings must end with a single chunked (RFC 9112 6.1). RFC
            // 9112 6.3 item 4 would read a response whose final coding is not chunked until the
            // backend closes; the proxy implements no other coding and refuses it instead
            // (invalid_transfer_encoding, unsupported_transfer_coding).
            // Content-Length: 1*DIGIT, identical values collapse, others are refused, and a
            // proxy answers 502 and closes (RFC 9110 8.6; RFC 9112 6.3 item 5).
            return FramingRules.contentLength(headers, false);
        } catch (BadRequestException e) {
            throw BadResponseException.of(e);
        }
    }

    /**
     * RFC 9112 9.3: the connection persists after the response unless "close" is among the
     * Connection options; an HTTP/1.0 response persists only with "keep-alive"
     * (RFC 9112 C.2.2). Options compare case-insensitively (RFC 9110 7.6.1).
     */
    private static boolean persistent(HeaderFields headers, boolean http10) {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return !http10 || headers.hasToken("Connection", "keep-alive");
    }
}
