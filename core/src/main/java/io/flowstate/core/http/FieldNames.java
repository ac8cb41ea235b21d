package io.flowstate.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The well-known field names: each has an id (its index in {@link #NAMES}, below 64) and so a
 * presence bit ({@code 1L << id}) in {@link HeaderFields}, and a shared String for its usual
 * spellings, so that fields read from bytes make no String for a name most messages carry.
 *
 * <p>Names compare case-insensitively (RFC 9110 5.1). For a String that is
 * {@link String#equalsIgnoreCase}, so that a name's id agrees with the comparisons the
 * fields made before they had ids; for bytes (ISO-8859-1, RFC 9110 5.5) it is ASCII case
 * folding, which is the same thing there: every name here is ASCII letters and {@code -},
 * and no other ISO-8859-1 character folds to an ASCII letter.
 */
final class FieldNames {

    /*
     * The names the proxy path looks for come first: framing (RFC 9112 6), hop-by-hop
     * (RFC 9110 7.6.1), forwarding and the request id. The rest are the names browsers,
     * clients and backends send most, so that a typical head resolves every name without
     * a String; their ids make is() and first() a comparison of ints.
     */
    static final String[] NAMES = {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "TE", "Trailer", "Keep-Alive",
        "Proxy-Connection", "Upgrade", "Proxy-Authenticate", "Proxy-Authorization", "Expect", "Date",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-Id",
        "Content-Type", "Authorization", "Forwarded", "Via",
        "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Cookie",
        "Cache-Control", "Pragma", "Origin", "Referer", "Range", "If-None-Match", "If-Modified-Since",
        "If-Match", "If-Unmodified-Since", "If-Range", "Upgrade-Insecure-Requests", "DNT", "Priority",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "X-Real-IP",
        "Server", "Set-Cookie", "Location", "Vary", "ETag", "Last-Modified", "Expires", "Age",
        "Content-Encoding", "Content-Language", "Content-Range", "Content-Disposition", "Accept-Ranges",
        "Retry-After", "WWW-Authenticate", "Strict-Transport-Security", "Access-Control-Allow-Origin",
        "X-Content-Type-Options", "X-Frame-Options",
    };

    /** The same names in lower case: how HTTP/2-minded clients and some libraries spell them. */
    private static final String[] LOWER = new String[NAMES.length];
    /** {@link #NAMES} as ISO-8859-1 bytes, to write. */
    static final byte[][] BYTES = new byte[NAMES.length][];
    private static final byte[][] LOWER_BYTES = new byte[NAMES.length][];
    private static final int MAX_LENGTH = 32;
    /** The ids of the names of each length. */
    private static final int[][] BY_LENGTH = new int[MAX_LENGTH + 1][0];

    static {
        if (NAMES.length > 64) {
            throw new ExceptionInInitializerError("at most 64 well-known names fit the presence bits");
        }
        for (int id = 0; id < NAMES.length; id++) {
            String n = NAMES[id];
            LOWER[id] = n.toLowerCase(Locale.ROOT);
            BYTES[id] = n.getBytes(StandardCharsets.ISO_8859_1);
            LOWER_BYTES[id] = LOWER[id].getBytes(StandardCharsets.ISO_8859_1);
            int[] old = BY_LENGTH[n.length()];
            for (int other : old) {
                if (NAMES[other].equalsIgnoreCase(n)) {
                    throw new ExceptionInInitializerError("well-known name listed twice: " + n);
                }
            }
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = id;
            BY_LENGTH[n.length()] = grown;
        }
    }

    private FieldNames() {
    }

    /** The id of this name, compared case-insensitively, or -1 when it is not well known. */
    static int id(String name) {
        int n = name.length();
        if (n > MAX_LENGTH) {
            return -1;
        }
        for (int id : BY_LENGTH[n]) {
            String k = NAMES[id];
            if (k == name || k.equalsIgnoreCase(name)) {
                return id;
            }
        }
        return -1;
    }

    /** The id of the name in {@code b[off, off + len)}, ASCII case folded, or -1. */
    static int id(byte[] b, int off, int len) {
        if (len > MAX_LENGTH) {
            return -1;
        }
        for (int id : BY_LENGTH[len]) {
            if (asciiEqualsIgnoreCase(LOWER_BYTES[id], b, off)) {
                return id;
            }
        }
        return -1;
    }

    /**
     * The id of the name in the value of {@code f} from {@code from} to {@code to}, ASCII
     * case folded, or -1; the caller has made sure those characters are ASCII.
     */
    static int idInValue(HeaderFields.Field f, int from, int to) {
        int len = to - from;
        if (len > MAX_LENGTH) {
            return -1;
        }
        for (int id : BY_LENGTH[len]) {
            byte[] lower = LOWER_BYTES[id];
            boolean same = true;
            for (int i = 0; i < len && same; i++) {
                same = fold(f.valueChar(from + i)) == lower[i];
            }
            if (same) {
                return id;
            }
        }
        return -1;
    }

    /**
     * The shared String for the name {@code id} when {@code b[off, off + len)} spells it
     * exactly as {@link #NAMES} or {@link #LOWER} does; otherwise null (the received
     * spelling is then kept, in a String of its own when asked for).
     */
    static String shared(int id, byte[] b, int off, int len) {
        if (Arrays.equals(BYTES[id], 0, len, b, off, off + len)) {
            return NAMES[id];
        }
        if (Arrays.equals(LOWER_BYTES[id], 0, len, b, off, off + len)) {
            return LOWER[id];
        }
        return null;
    }

    /** Whether {@code b[off, ...)} is {@code lower} in any case. */
    private static boolean asciiEqualsIgnoreCase(byte[] lower, byte[] b, int off) {
        for (int i = 0; i < lower.length; i++) {
            if (fold(b[off + i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case of a letter; any other character as it is (a name's {@code -} stays {@code -}). */
    private static int fold(int c) {
        c &= 0xFFFF;
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
