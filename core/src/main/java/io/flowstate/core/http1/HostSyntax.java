package io.flowstate.core.http1;

/**
 * Syntax of {@code uri-host [ ":" port ]} (RFC 3986 3.2.2 and 3.2.3), as used by the Host
 * field (RFC 9110 7.2), the authority of an absolute-form target and the authority-form
 * target of CONNECT (RFC 9112 3.2.3).
 *
 * <pre>
 * uri-host    = IP-literal / IPv4address / reg-name
 * IP-literal  = "[" ( IPv6address / IPvFuture ) "]"
 * reg-name    = *( unreserved / pct-encoded / sub-delims )   ; non-empty here
 * port        = *DIGIT                                        ; at most 65535 here
 * </pre>
 *
 * An IPv4address is also a reg-name, so it needs no rule of its own. Two limits go beyond
 * the grammar: the host must not be empty, and a port must not exceed 65535.
 */
final class HostSyntax {
    private static final int MAX_PORT = 65535;

    private HostSyntax() {
    }

    /**
     * Whether s[from, to) is {@code uri-host [":" port]} with a non-empty host.
     *
     * @param portRequired whether ":" followed by at least one digit must be present
     */
    static boolean isValid(CharSequence s, int from, int to, boolean portRequired) {
        if (from >= to) {
            return false;
        }
        int hostEnd;
        if (s.charAt(from) == '[') {
            int close = indexOf(s, ']', from, to);
            if (close < 0 || !isIpLiteral(s, from + 1, close)) {
                return false;
            }
            hostEnd = close + 1;
            if (hostEnd < to && s.charAt(hostEnd) != ':') {
                return false;
            }
        } else {
            hostEnd = indexOf(s, ':', from, to);
            if (hostEnd < 0) {
                hostEnd = to;
            }
            if (hostEnd == from || !isRegName(s, from, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == to) {
            return !portRequired;
        }
        return isPort(s, hostEnd + 1, to, portRequired);
    }

    private static boolean isPort(CharSequence s, int from, int to, boolean required) {
        if (from == to) {
            return !required;   // RFC 3986 3.2.3: port = *DIGIT, so "host:" is well-formed
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!Ascii.isDigit(c)) {
                return false;
            }
            value = value * 10 + (c - '0');
            if (value > MAX_PORT) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ). */
    private static boolean isRegName(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || Ascii.hexValue(s.charAt(i + 1)) < 0 || Ascii.hexValue(s.charAt(i + 2)) < 0) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(c) && !isSubDelim(c)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 3.2.2: IP-literal contents, IPv6address or IPvFuture (no zone identifiers). */
    private static boolean isIpLiteral(CharSequence s, int from, int to) {
        if (from < to && (s.charAt(from) == 'v' || s.charAt(from) == 'V')) {
            return isIpvFuture(s, from + 1, to);
        }
        return isIpv6(s, from, to);
    }

    /** IPvFuture after the "v": 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ). */
    private static boolean isIpvFuture(CharSequence s, int from, int to) {
        int i = from;
        while (i < to && Ascii.hexValue(s.charAt(i)) >= 0) {
            i++;
        }
        if (i == from || i >= to || s.charAt(i) != '.' || i + 1 == to) {
            return false;
        }
        for (int k = i + 1; k < to; k++) {
            char c = s.charAt(k);
            if (!isUnreserved(c) && !isSubDelim(c) && c != ':') {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 3986 3.2.2 IPv6address: eight groups of 1 to 4 HEXDIG separated by ":", at most one
     * "::" standing for one or more zero groups, and an optional trailing IPv4address
     * counting as two groups.
     */
    static boolean isIpv6(CharSequence s, int from, int to) {
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (to - from >= 2 && s.charAt(from) == ':' && s.charAt(from + 1) == ':') {
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        }
        while (true) {
            int start = i;
            while (i < to && Ascii.hexValue(s.charAt(i)) >= 0) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                if (!isIpv4(s, start, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            int n = i - start;
            if (n == 0 || n > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i == to) {
                return false;
            }
            if (s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    /** RFC 3986 3.2.2: four dec-octets 0..255, without leading zeros. */
    static boolean isIpv4(CharSequence s, int from, int to) {
        int i = from;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && Ascii.isDigit(s.charAt(i)) && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int n = i - start;
            if (n == 0 || value > 255 || (n > 1 && s.charAt(start) == '0')) {
                return false;
            }
        }
        return i == to;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Ascii.isDigit(c)
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isSubDelim(char c) {
        return switch (c) {
            case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=' -> true;
            default -> false;
        };
    }

    private static int indexOf(CharSequence s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
