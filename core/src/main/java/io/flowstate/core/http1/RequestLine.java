package io.flowstate.core.http1;

import static io.flowstate.core.http1.Ascii.CR;
import static io.flowstate.core.http1.Ascii.SP;
import static io.flowstate.core.http1.BadRequestException.badRequest;

/**
 * The request line (RFC 9112 3): {@code method SP request-target SP HTTP-version}, strictly:
 * exactly two single SPs, no other whitespace.
 */
record RequestLine(String method, String target, String version) {
    static final String HTTP_1_1 = "HTTP/1.1";
    static final String HTTP_1_0 = "HTTP/1.0";

    /** Parses buf[from, to), the request line without its line end. */
    static RequestLine parse(byte[] buf, int from, int to) throws BadRequestException {
        for (int i = from; i < to; i++) {
            if (buf[i] == CR) {
                throw FieldLines.bareCr();   // RFC 9112 2.2
            }
        }
        // RFC 9112 3: request-line = method SP request-target SP HTTP-version, single SPs
        int sp1 = indexOf(buf, SP, from, to);
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, SP, sp1 + 1, to);
        if (sp1 <= from || sp2 < 0 || sp2 == sp1 + 1 || sp2 + 1 == to
                || indexOf(buf, SP, sp2 + 1, to) >= 0) {
            throw badRequest("invalid_request_line",
                    "request line is not method SP request-target SP HTTP-version");
        }
        for (int i = from; i < sp1; i++) {
            if (!Ascii.isTchar(buf[i])) {
                // RFC 9110 9.1: method = token
                throw badRequest("invalid_method", "method is not a token");
            }
        }
        String version = version(buf, sp2 + 1, to);
        String method = CommonStrings.method(buf, from, sp1);
        String target = target(buf, sp1 + 1, sp2, method);
        return new RequestLine(method, target, version);
    }

    /** RFC 9112 2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT, HTTP-name case-sensitive. */
    private static String version(byte[] buf, int from, int to) throws BadRequestException {
        if (to - from != 8 || buf[from] != 'H' || buf[from + 1] != 'T' || buf[from + 2] != 'T'
                || buf[from + 3] != 'P' || buf[from + 4] != '/' || !Ascii.isDigit(buf[from + 5])
                || buf[from + 6] != '.' || !Ascii.isDigit(buf[from + 7])) {
            throw badRequest("invalid_version", "HTTP-version is not HTTP/DIGIT.DIGIT");
        }
        if (buf[from + 5] == '1' && buf[from + 7] == '1') {
            return HTTP_1_1;
        }
        if (buf[from + 5] == '1' && buf[from + 7] == '0') {
            return HTTP_1_0;
        }
        // RFC 9110 15.6.6: 505 HTTP Version Not Supported for a major version we refuse
        throw new BadRequestException(505, "unsupported_version",
                "HTTP version " + Ascii.latin1(buf, from, to) + " is not supported");
    }

    /**
     * RFC 9112 3.2: request-target = origin-form / absolute-form / authority-form /
     * asterisk-form, chosen by its first bytes and by the method.
     */
    private static String target(byte[] buf, int from, int to, String method) throws BadRequestException {
        for (int i = from; i < to; i++) {
            int b = buf[i] & 0xFF;
            // RFC 3986 2: a URI is printable US-ASCII; no CTL, no SP, nothing >= 0x7F
            if (b <= 0x20 || b >= 0x7F) {
                throw badRequest("invalid_target", "byte 0x" + Integer.toHexString(b) + " in the request-target");
            }
        }
        boolean connect = method.equals("CONNECT");
        String target = Ascii.latin1(buf, from, to);
        if (buf[from] == '/') {
            if (connect) {
                // RFC 9112 3.2.3: CONNECT takes the authority-form only
                throw badRequest("invalid_target", "CONNECT needs an authority-form target");
            }
            return target;   // RFC 9112 3.2.1: origin-form = absolute-path [ "?" query ]
        }
        if (to - from == 1 && buf[from] == '*') {
            // RFC 9112 3.2.4: asterisk-form is only used for a server-wide OPTIONS request
            if (!method.equals("OPTIONS")) {
                throw badRequest("invalid_target", "asterisk-form target with a method other than OPTIONS");
            }
            return target;
        }
        int authority = schemeEnd(target);
        if (authority > 0) {
            if (connect) {
                throw badRequest("invalid_target", "CONNECT needs an authority-form target");
            }
            // RFC 9112 3.2.2: absolute-form = absolute-URI; RFC 9110 4.2.1: an "http" URI
            // with an empty host is invalid
            int end = authority;
            while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
                end++;
            }
            if (target.indexOf('@', authority) >= 0 && target.indexOf('@', authority) < end) {
                // RFC 9110 4.2.4: userinfo in an "http(s)" URI is to be treated as an error
                throw badRequest("invalid_target", "userinfo in an absolute-form target");
            }
            if (!HostSyntax.isValid(target, authority, end, false)) {
                throw badRequest("invalid_target", "invalid authority in an absolute-form target");
            }
            return target;
        }
        if (connect) {
            // RFC 9112 3.2.3: authority-form = uri-host ":" port
            if (!HostSyntax.isValid(target, 0, target.length(), true)) {
                throw badRequest("invalid_target", "CONNECT target is not uri-host:port");
            }
            return target;
        }
        throw badRequest("invalid_target", "request-target is not origin-form, absolute-form, "
                + "authority-form with CONNECT or * with OPTIONS");
    }

    /** Index after "http://" or "https://" (scheme case-insensitive, RFC 3986 3.1), or -1. */
    private static int schemeEnd(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        if (target.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return -1;
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
