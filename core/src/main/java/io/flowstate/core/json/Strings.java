package io.flowstate.core.json;

/** Small string checks shared by the values, the parser and the writer. */
final class Strings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Strings() {
    }

    /** Index of the first surrogate half without its partner, or -1 when the string is well-formed. */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code U+XXXX}, the way messages name a char or code point. */
    static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    /** Four lower-case hex digits, as in a {@code \\u} escape. */
    static String hex4(int c) {
        return new String(new char[] {HEX[(c >> 12) & 15], HEX[(c >> 8) & 15], HEX[(c >> 4) & 15], HEX[c & 15]});
    }
}
