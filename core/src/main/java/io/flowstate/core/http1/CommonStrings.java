package io.flowstate.core.http1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Shared String instances for the methods most requests carry, so that parsing a typical
 * request line allocates a String only for its target. A method is reused only when its
 * bytes match exactly (methods are case-sensitive, RFC 9110 9.1). Field names are shared by
 * {@code HeaderFields} itself, which keeps a received name's spelling the same way.
 */
final class CommonStrings {
    private static final String[] METHODS = {
        "GET", "PUT", "POST", "HEAD", "PATCH", "TRACE", "DELETE", "OPTIONS", "CONNECT"
    };

    private static final int MAX_LENGTH = 32;
    private static final byte[][][] METHOD_BYTES = index(METHODS, false);
    private static final String[][] METHOD_STRINGS = strings(METHODS, false);

    private CommonStrings() {
    }

    /** The method in buf[from, to) as a String; a shared instance for the RFC 9110 9.3 methods. */
    static String method(byte[] buf, int from, int to) {
        return lookup(METHOD_BYTES, METHOD_STRINGS, buf, from, to);
    }

    private static String lookup(byte[][][] bytes, String[][] strings, byte[] buf, int from, int to) {
        int n = to - from;
        if (n < MAX_LENGTH) {
            byte[][] candidates = bytes[n];
            for (int c = 0; c < candidates.length; c++) {
                if (Arrays.equals(candidates[c], 0, n, buf, from, to)) {
                    return strings[n][c];
                }
            }
        }
        return Ascii.latin1(buf, from, to);
    }

    /** Groups the spellings by length; with lowerCase, each name is added lower-cased too. */
    private static String[][] strings(String[] words, boolean lowerCase) {
        String[][] byLength = new String[MAX_LENGTH][0];
        for (String w : words) {
            add(byLength, w);
            String lower = w.toLowerCase(Locale.ROOT);
            if (lowerCase && !lower.equals(w)) {
                add(byLength, lower);
            }
        }
        return byLength;
    }

    private static void add(String[][] byLength, String w) {
        String[] old = byLength[w.length()];
        String[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = w;
        byLength[w.length()] = grown;
    }

    private static byte[][][] index(String[] words, boolean lowerCase) {
        String[][] byLength = strings(words, lowerCase);
        byte[][][] bytes = new byte[MAX_LENGTH][][];
        for (int n = 0; n < MAX_LENGTH; n++) {
            bytes[n] = new byte[byLength[n].length][];
            for (int c = 0; c < byLength[n].length; c++) {
                bytes[n][c] = byLength[n][c].getBytes(StandardCharsets.US_ASCII);
            }
        }
        return bytes;
    }
}
