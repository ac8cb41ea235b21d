package io.flowstate.core.http1;

import static io.flowstate.core.http1.Ascii.CR;
import static io.flowstate.core.http1.Ascii.LF;
import static io.flowstate.core.http1.BadRequestException.badRequest;

import io.flowstate.core.http.HeaderFields;
import java.util.Objects;

/**
 * Finds, parses and validates HTTP/1.x request heads, byte for byte the same in every
 * engine, so that no two engines (and no engine and backend) read one request differently.
 *
 * <p>Use: accumulate bytes until {@link #findHeadEnd} returns an index, then call
 * {@link #parse} on the head. Both are stateless and thread-safe.
 *
 * <p>Leading empty lines: a server SHOULD ignore at least one empty line (CRLF) received
 * before the request-line (RFC 9112 2.2), which some clients send after a POST body. Both
 * methods skip any number of them (CRLF or bare LF); they count against
 * {@code maxHeaderBytes} and are included in {@link RequestHead#headBytes()}.
 */
public final class Http1RequestRules {
    /** Default limit on the head's size in bytes, from the request line to the final empty line. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16384;
    /** Default limit on the number of field lines in one head. */
    public static final int DEFAULT_MAX_HEADER_FIELDS = 100;

    /*
     * parse works in one pass over the bytes: skip leading empty lines, split the request
     * line at its two SPs, then take field lines one by one up to the empty line. Each line
     * is validated as its bytes are visited; Strings are made only for the method (a shared
     * instance for the common ones) and the target. The field section is copied once into an
     * array of the head's own and each field keeps its bytes there (HeaderFields.addRaw),
     * making its name and value Strings only when asked. The semantic rules (Host,
     * Content-Length, Transfer-Encoding) then run over the few fields involved, which the
     * presence bits find without a scan.
     */

    private Http1RequestRules() {
    }

    /**
     * Looks for the end of a request head in buf[off, off+len).
     *
     * <p>The head ends with an empty line: CRLF CRLF, LF LF, or a mix of the two line ends.
     * Only the first {@code maxHeaderBytes} bytes are searched.
     *
     * @return the index in {@code buf} (not relative to off) just past the final empty line,
     *         so that {@code parse(buf, off, end - off)} parses the head; or -1 when the head
     *         is not complete yet and fewer than {@code maxHeaderBytes} bytes are available
     * @throws BadRequestException 431 {@code header_too_large} when {@code maxHeaderBytes}
     *         bytes are available and hold no complete head
     */
    public static int findHeadEnd(byte[] buf, int off, int len, int maxHeaderBytes) throws BadRequestException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive: " + maxHeaderBytes);
        }
        int end = off + Math.min(len, maxHeaderBytes);
        int i = skipEmptyLines(buf, off, end);
        for (; i < end; i++) {
            if (buf[i] != LF) {
                continue;
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
            throw new BadRequestException(431, "header_too_large",
                    "no end of the request head within " + maxHeaderBytes + " bytes");
        }
        return -1;
    }

    /** {@link #parse(byte[], int, int, int)} with {@link #DEFAULT_MAX_HEADER_FIELDS}. */
    public static RequestHead parse(byte[] buf, int off, int len) throws BadRequestException {
        return parse(buf, off, len, DEFAULT_MAX_HEADER_FIELDS);
    }

    /**
     * Parses and validates one complete head starting at buf[off].
     *
     * <p>{@code len} is normally {@code findHeadEnd(...) - off}. Parsing stops at the first
     * empty line after the request line, so bytes after the head are never looked at; the
     * head's own size is {@link RequestHead#headBytes()}. No size limit applies here: that
     * is {@link #findHeadEnd}'s job.
     *
     * <p>The head's fields keep their bytes ({@link HeaderFields#addRaw}) in a copy of their
     * own of {@code buf} from the line after the request line to {@code off + len}, so
     * {@code buf} is the caller's again when this returns; pass the head alone
     * ({@code findHeadEnd(...) - off}), or the copy takes what follows it too.
     *
     * @throws BadRequestException for every violation, with its status and reason; a head
     *         without a final empty line within len is {@code incomplete_head} (400)
     */
    public static RequestHead parse(byte[] buf, int off, int len, int maxHeaderFields) throws BadRequestException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int end = off + len;
        int start = skipEmptyLines(buf, off, end);
        int lf = FieldLines.findLf(buf, start, end);
        if (lf < 0) {
            throw badRequest("incomplete_head", "request line does not end");
        }
        RequestLine line = RequestLine.parse(buf, start, FieldLines.contentEnd(buf, start, lf));
        byte[] section = FieldLines.ownSection(buf, lf + 1, end);
        HeaderFields headers = new HeaderFields(expectedFields(section.length, maxHeaderFields));
        int headEnd = lf + 1 + FieldLines.parseSection(section, 0, section.length, headers, maxHeaderFields, true);

        boolean http10 = line.version().equals(RequestLine.HTTP_1_0);
        checkHost(headers, http10);
        long length = FramingRules.contentLength(headers, http10);
        Framing framing = length == FramingRules.CHUNKED ? Framing.CHUNKED
                : length == FramingRules.NONE ? Framing.NONE : Framing.FIXED;
        return new RequestHead(line.method(), line.target(), line.version(), headers,
                framing, framing == Framing.FIXED ? length : -1, headEnd - off);
    }

    /**
     * Room for the lines of a field section of {@code sectionBytes} bytes before the list
     * grows: about one line per 32 bytes (a browser's lines average a little more), at least 4.
     */
    static int expectedFields(int sectionBytes, int maxHeaderFields) {
        return Math.max(4, Math.min(sectionBytes >> 5, Math.min(maxHeaderFields, 64)));
    }

    /**
     * Judges a head that an engine's own parser has read (Jetty's), by the same rules as
     * {@link #parse}, on the method, target, version and fields as that parser gave them,
     * without turning the fields back into text: the request line is checked as
     * {@link #parse} checks it; every field name must be a token and every value field
     * content (RFC 9110 5.1, 5.5); then Host (RFC 9112 3.2) and framing (RFC 9112 6.3).
     * {@link RequestHead#headBytes()} is 0: the engine knows where the body starts.
     *
     * @param headers the fields in received order, values without surrounding OWS; kept as the head's
     * @throws BadRequestException for every violation, with the same status and reason as {@link #parse}
     */
    public static RequestHead admit(String method, String target, String version, HeaderFields headers,
                                    int maxHeaderFields) throws BadRequestException {
        byte[] line = (method + ' ' + target + ' ' + version).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        RequestLine requestLine = RequestLine.parse(line, 0, line.length);
        if (headers.size() > maxHeaderFields) {
            throw new BadRequestException(431, "too_many_fields", "more than " + maxHeaderFields + " header fields");
        }
        for (HeaderFields.Field f : headers) {
            checkName(f.name());
            checkValue(f.value());
        }
        boolean http10 = requestLine.version().equals(RequestLine.HTTP_1_0);
        checkHost(headers, http10);
        long length = FramingRules.contentLength(headers, http10);
        Framing framing = length == FramingRules.CHUNKED ? Framing.CHUNKED
                : length == FramingRules.NONE ? Framing.NONE : Framing.FIXED;
        return new RequestHead(requestLine.method(), requestLine.target(), requestLine.version(), headers,
                framing, framing == Framing.FIXED ? length : -1, 0);
    }

    /** RFC 9110 5.1: field-name = token. */
    private static void checkName(String name) throws BadRequestException {
        if (name.isEmpty()) {
            throw badRequest("invalid_field_name", "empty field name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0xFF || !Ascii.isTchar(c)) {
                throw badRequest("invalid_field_name", "field name is not a token");
            }
        }
    }

    /** RFC 9110 5.5: field-value = *field-content; no CR, LF, NUL or other CTL. */
    private static void checkValue(String value) throws BadRequestException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !Ascii.isFieldContent(c)) {
                if (c == CR) {
                    throw FieldLines.bareCr();
                }
                throw badRequest("invalid_field_value", "control character 0x" + Integer.toHexString(c)
                        + " in a field value");
            }
        }
    }

    /**
     * RFC 9112 3.2: a server MUST respond 400 to an HTTP/1.1 request without Host, to any
     * request with more than one Host line, and to a Host with an invalid value.
     */
    private static void checkHost(HeaderFields headers, boolean http10) throws BadRequestException {
        int count = headers.count("Host");
        if (count > 1) {
            throw badRequest("duplicate_host", "more than one Host field");
        }
        if (count == 0) {
            if (!http10) {
                throw badRequest("missing_host", "HTTP/1.1 request without Host");
            }
            return;
        }
        String host = headers.first("Host");
        if (host.isEmpty()) {
            // RFC 9112 3.2 allows an empty Host only when the target has no authority; an
            // HTTP/1.1 request is routed by Host, so we require one. HTTP/1.0: as if absent.
            if (!http10) {
                throw badRequest("invalid_host", "empty Host");
            }
            return;
        }
        // RFC 9110 7.2: Host = uri-host [ ":" port ]
        if (!HostSyntax.isValid(host, 0, host.length(), false)) {
            throw badRequest("invalid_host", "Host is not uri-host[:port]");
        }
    }

    /**
     * RFC 9112 2.2: skips empty lines (CRLF or bare LF) before the request line; returns the
     * index of the first byte that does not start one.
     */
    private static int skipEmptyLines(byte[] buf, int from, int to) {
        int i = from;
        while (i < to) {
            if (buf[i] == LF) {
                i++;
            } else if (buf[i] == CR && i + 1 < to && buf[i + 1] == LF) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }
}
