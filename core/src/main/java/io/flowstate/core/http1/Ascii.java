package io.flowstate.core.http1;

import java.nio.charset.StandardCharsets;

/** Byte classes of the HTTP grammar (RFC 9110 5.5, 5.6.2; RFC 5234 B.1) as lookup tables. */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_CONTENT = new boolean[256];

    static {
        // RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "."
        //                        / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // RFC 9110 5.5: field-value = *field-content; field-vchar = VCHAR / obs-text,
        // with SP and HTAB allowed between them.
        for (int b = 0x21; b <= 0x7E; b++) {
            FIELD_CONTENT[b] = true;
        }
        for (int b = 0x80; b <= 0xFF; b++) {
            FIELD_CONTENT[b] = true;
        }
        FIELD_CONTENT[SP] = true;
        FIELD_CONTENT[HTAB] = true;
    }

    private Ascii() {
    }

    static boolean isTchar(int b) {
        return TCHAR[b & 0xFF];
    }

    /** VCHAR, obs-text, SP or HTAB: a byte allowed inside a field value. */
    static boolean isFieldContent(int b) {
        return FIELD_CONTENT[b & 0xFF];
    }

    /** OWS / BWS (RFC 9110 5.6.3). */
    static boolean isWhitespace(int b) {
        return b == SP || b == HTAB;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The value of a HEXDIG (case-insensitive), or -1. */
    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Whether the string is a non-empty token. */
    static boolean isToken(CharSequence s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !isTchar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes as ISO-8859-1 (RFC 9110 5.5: obs-text has no defined charset; Latin-1 keeps every byte). */
    static String latin1(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
