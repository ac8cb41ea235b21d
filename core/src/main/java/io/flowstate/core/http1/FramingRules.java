package io.flowstate.core.http1;

import static io.flowstate.core.http1.BadRequestException.badRequest;

import io.flowstate.core.http.HeaderFields;

/**
 * Decides how a request body is delimited from Content-Length and Transfer-Encoding
 * (RFC 9112 6.3), rejecting every combination that two parties could read differently.
 */
final class FramingRules {
    /** {@link #contentLength} result for a chunked body. */
    static final long CHUNKED = -2;
    /** {@link #contentLength} result for no body. */
    static final long NONE = -1;

    private FramingRules() {
    }

    /** The body length: >= 0 for Content-Length, {@link #CHUNKED} or {@link #NONE}. */
    static long contentLength(HeaderFields headers, boolean http10) throws BadRequestException {
        boolean hasTe = headers.contains("Transfer-Encoding");
        boolean hasCl = headers.contains("Content-Length");
        if (hasTe) {
            if (hasCl) {
                // RFC 9112 6.1: a message with both may be an attempt at request smuggling;
                // a server MAY reject it and MUST close the connection. We reject.
                throw badRequest("transfer_encoding_with_content_length",
                        "both Transfer-Encoding and Content-Length");
            }
            if (http10) {
                // RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing
                throw badRequest("transfer_encoding_in_http10", "Transfer-Encoding in an HTTP/1.0 request");
            }
            checkCodings(headers);
            return CHUNKED;
        }
        if (hasCl) {
            return fixedLength(headers);
        }
        return NONE;   // RFC 9112 6.3 item 7: a request without either has no body
    }

    /**
     * RFC 9110 8.6: Content-Length = 1*DIGIT. A list of identical values (in one line or
     * repeated lines) may be collapsed to one; anything else is invalid (RFC 9112 6.3 item 5).
     */
    private static long fixedLength(HeaderFields headers) throws BadRequestException {
        long length = -1;
        for (HeaderFields.Field f : headers) {
            if (!f.is("Content-Length")) {
                continue;
            }
            String v = f.value();
            int i = 0;
            while (true) {
                int comma = v.indexOf(',', i);
                int end = comma < 0 ? v.length() : comma;
                long member = parseDigits(v, i, end);
                if (length >= 0 && length != member) {
                    throw badRequest("conflicting_content_length", "Content-Length values differ");
                }
                length = member;
                if (comma < 0) {
                    break;
                }
                i = comma + 1;
            }
        }
        return length;
    }

    /** One list member, OWS around it allowed (RFC 9110 5.6.1), digits only inside. */
    private static long parseDigits(String v, int from, int to) throws BadRequestException {
        while (from < to && Ascii.isWhitespace(v.charAt(from))) {
            from++;
        }
        while (to > from && Ascii.isWhitespace(v.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            throw badRequest("invalid_content_length", "empty Content-Length");
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (!Ascii.isDigit(c)) {
                throw badRequest("invalid_content_length", "Content-Length is not 1*DIGIT");
            }
            int d = c - '0';
            if (n > (Long.MAX_VALUE - d) / 10) {
                throw badRequest("content_length_overflow", "Content-Length does not fit in 63 bits");
            }
            n = n * 10 + d;
        }
        return n;
    }

    /**
     * RFC 9112 6.1: the codings of all Transfer-Encoding lines, in order, must end with
     * exactly one "chunked" and name it nowhere else; a request with any other coding gets
     * 501 since we implement none.
     */
    private static void checkCodings(HeaderFields headers) throws BadRequestException {
        int chunked = 0;
        boolean chunkedLast = false;
        boolean other = false;
        for (HeaderFields.Field f : headers) {
            if (!f.is("Transfer-Encoding")) {
                continue;
            }
            String v = f.value();
            int i = 0;
            while (i <= v.length()) {
                int comma = v.indexOf(',', i);
                int end = comma < 0 ? v.length() : comma;
                int from = i;
                int to = end;
                while (from < to && Ascii.isWhitespace(v.charAt(from))) {
                    from++;
                }
                while (to > from && Ascii.isWhitespace(v.charAt(to - 1))) {
                    to--;
                }
                i = end + 1;
                if (from == to) {
                    continue;   // RFC 9110 5.6.1.2: empty list elements are ignored
                }
                int semi = v.indexOf(';', from);
                int nameEnd = semi >= 0 && semi < to ? semi : to;
                while (nameEnd > from && Ascii.isWhitespace(v.charAt(nameEnd - 1))) {
                    nameEnd--;
                }
                // RFC 9112 7: transfer-coding = token *( OWS ";" OWS transfer-parameter )
                if (!Ascii.isToken(v, from, nameEnd)) {
                    throw badRequest("invalid_transfer_encoding", "transfer coding is not a token");
                }
                if (v.regionMatches(true, from, "chunked", 0, 7) && nameEnd - from == 7) {
                    if (nameEnd != to) {
                        throw badRequest("invalid_transfer_encoding", "chunked takes no parameters");
                    }
                    chunked++;
                    chunkedLast = true;
                } else {
                    other = true;
                    chunkedLast = false;
                }
            }
        }
        if (chunked != 1 || !chunkedLast) {
            // RFC 9112 6.3 item 4: chunked not final -> 400; RFC 9112 6.1: never applied twice
            throw badRequest("invalid_transfer_encoding",
                    "Transfer-Encoding must end with chunked, applied exactly once");
        }
        if (other) {
            // RFC 9112 6.1: a transfer coding the server does not understand -> 501
            throw new BadRequestException(501, "unsupported_transfer_coding",
                    "transfer codings other than chunked are not implemented");
        }
    }
}
