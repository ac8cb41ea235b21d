package io.flowstate.core.http1;

import static io.flowstate.core.http1.Ascii.CR;
import static io.flowstate.core.http1.Ascii.SP;

/**
 * The status line (RFC 9112 4):
 * <pre>
 * status-line   = HTTP-version SP status-code SP [ reason-phrase ]
 * status-code   = 3DIGIT
 * reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
 * </pre>
 * strictly, with one deliberate leniency: the SP after the status code may be missing when
 * the reason phrase is empty ({@code HTTP/1.1 200}). The reason phrase is validated and then
 * dropped: a client SHOULD ignore it (RFC 9112 4), and the proxy writes its own.
 */
record StatusLine(String version, int status) {
    /** Lowest status code a response may carry (RFC 9110 15: the first digit is 1..5). */
    static final int MIN_STATUS = 100;
    /** Highest status code a response may carry (RFC 9110 15: no class above 5xx). */
    static final int MAX_STATUS = 599;

    /** Parses buf[from, to), the status line without its line end. */
    static StatusLine parse(byte[] buf, int from, int to) throws BadResponseException {
        for (int i = from; i < to; i++) {
            if (buf[i] == CR) {
                throw bareCr();   // RFC 9112 2.2
            }
        }
        if (from == to) {
            // RFC 9112 2.2 lets a server skip empty lines before a request line; nothing lets
            // a client skip them before a status line, and a backend that sends one has
            // framed its previous response wrongly (RFC 9112 6.3: extra data is not a response).
            throw new BadResponseException("invalid_status_line", "empty line where the status line belongs");
        }
        int sp1 = indexOf(buf, SP, from, to);
        if (sp1 < 0) {
            throw new BadResponseException("invalid_status_line",
                    "status line is not HTTP-version SP status-code SP [ reason-phrase ]");
        }
        String version = version(buf, from, sp1);
        int code = sp1 + 1;
        // RFC 9112 4: status-code = 3DIGIT, followed by SP or (our leniency) the line end
        if (to - code < 3 || !Ascii.isDigit(buf[code]) || !Ascii.isDigit(buf[code + 1])
                || !Ascii.isDigit(buf[code + 2]) || (to - code > 3 && buf[code + 3] != SP)) {
            throw new BadResponseException("invalid_status", "status code is not 3 digits");
        }
        int status = (buf[code] - '0') * 100 + (buf[code + 1] - '0') * 10 + (buf[code + 2] - '0');
        if (status < MIN_STATUS || status > MAX_STATUS) {
            // RFC 9110 15: the first digit defines the class, and only 1xx..5xx exist
            throw new BadResponseException("invalid_status", "status code " + status + " is outside 100..599");
        }
        // A missing SP before an empty reason phrase is accepted: the line still reads one
        // way only, and common servers and clients (nginx, curl, Go) send or accept it.
        for (int i = code + 4; i < to; i++) {
            if (!Ascii.isFieldContent(buf[i])) {
                // RFC 9112 4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
                throw new BadResponseException("invalid_reason_phrase", "control character 0x"
                        + Integer.toHexString(buf[i] & 0xFF) + " in the reason phrase");
            }
        }
        return new StatusLine(version, status);
    }

    /** RFC 9112 2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT, HTTP-name case-sensitive. */
    private static String version(byte[] buf, int from, int to) throws BadResponseException {
        if (to - from != 8 || buf[from] != 'H' || buf[from + 1] != 'T' || buf[from + 2] != 'T'
                || buf[from + 3] != 'P' || buf[from + 4] != '/' || !Ascii.isDigit(buf[from + 5])
                || buf[from + 6] != '.' || !Ascii.isDigit(buf[from + 7])) {
            throw new BadResponseException("invalid_version", "HTTP-version is not HTTP/DIGIT.DIGIT");
        }
        if (buf[from + 5] == '1' && buf[from + 7] == '1') {
            return RequestLine.HTTP_1_1;
        }
        if (buf[from + 5] == '1' && buf[from + 7] == '0') {
            return RequestLine.HTTP_1_0;
        }
        // The proxy speaks HTTP/1.1 to backends; any other version (HTTP/2.0, HTTP/0.9, and
        // HTTP/1.2, which RFC 9110 2.5 would read as 1.1 but no server sends) is refused.
        throw new BadResponseException("unsupported_version",
                "HTTP version " + Ascii.latin1(buf, from, to) + " is not supported");
    }

    /** RFC 9112 2.2: a bare CR (not followed by LF) is invalid. */
    static BadResponseException bareCr() {
        return new BadResponseException("bare_cr", "CR not followed by LF");
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
