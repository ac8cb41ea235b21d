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
    /**
     * The ids of the names by a hash of their length and three characters, case folded
     * ({@link #slot}): a lookup compares with one name, rarely two, whatever the list holds.
     */
    private static final int[][] SLOTS = new int[256][0];
    /**
     * The canonical and lower-case spellings by {@link String#hashCode()}: an index into
     * {@link #NAMES} (or, past its end, into {@link #LOWER}), or -1. One spelling a slot: a
     * spelling that collides is found by {@link #SLOTS} instead.
     */
    private static final int[] EXACT = new int[1024];

    static {
        if (NAMES.length > 64) {
            throw new ExceptionInInitializerError("at most 64 well-known names fit the presence bits");
        }
        for (int id = 0; id < NAMES.length; id++) {
            String n = NAMES[id];
            LOWER[id] = n.toLowerCase(Locale.ROOT);
            BYTES[id] = n.getBytes(StandardCharsets.ISO_8859_1);
            LOWER_BYTES[id] = LOWER[id].getBytes(StandardCharsets.ISO_8859_1);
            for (int other = 0; other < id; other++) {
                if (NAMES[other].equalsIgnoreCase(n)) {
                    throw new ExceptionInInitializerError("well-known name listed twice: " + n);
                }
            }
            int len = n.length();
            int slot = slot(len, n.charAt(0), n.charAt(len >> 1), n.charAt(len - 1));
            int[] old = SLOTS[slot];
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = id;
            SLOTS[slot] = grown;
        }
        Arrays.fill(EXACT, -1);
        for (int e = 0; e < 2 * NAMES.length; e++) {
            String spelling = e < NAMES.length ? NAMES[e] : LOWER[e - NAMES.length];
            int at = spelling.hashCode() & (EXACT.length - 1);
            if (EXACT[at] == -1) {
                EXACT[at] = e;
            }
        }
    }

    /*
     * The hash folds each character as String.equalsIgnoreCase compares characters (upper
     * case, then lower case of that), so that two names that method calls equal always land
     * in the same slot: "\u212Aeep-Alive" (KELVIN SIGN) is Keep-Alive there, and here too.
     * For ASCII that is a lower-casing of letters; other characters take Character's tables.
     */
    private static int slot(int len, int first, int middle, int last) {
        return (len * 37 + fold(first) * 31 + fold(middle) * 7 + fold(last)) & 255;
    }

    private static int fold(int c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }
        return Character.toLowerCase(Character.toUpperCase((char) c));
    }

    private FieldNames() {
    }

    /** The id of this name, compared case-insensitively, or -1 when it is not well known. */
    static int id(String name) {
        // The spellings code passes (constants) and most messages use: by the String's own
        // cached hash, one comparison, usually of a reference with itself.
        int e = EXACT[name.hashCode() & (EXACT.length - 1)];
        if (e >= 0) {
            String k = e < NAMES.length ? NAMES[e] : LOWER[e - NAMES.length];
            if (k == name || k.equals(name)) {
                return e < NAMES.length ? e : e - NAMES.length;
            }
        }
        int n = name.length();
        if (n == 0 || n > MAX_LENGTH) {
            return -1;
        }
        for (int id : SLOTS[slot(n, name.charAt(0), name.charAt(n >> 1), name.charAt(n - 1))]) {
            String k = NAMES[id];
            if (k == name || k.equalsIgnoreCase(name)) {
                return id;
            }
        }
        return -1;
    }

    /** The id of the name in {@code b[off, off + len)}, ASCII case folded, or -1. */
    static int id(byte[] b, int off, int len) {
        if (len == 0 || len > MAX_LENGTH) {
            return -1;
        }
        for (int id : SLOTS[slot(len, b[off] & 0xFF, b[off + (len >> 1)] & 0xFF, b[off + len - 1] & 0xFF)]) {
            byte[] lower = LOWER_BYTES[id];
            if (lower.length == len && asciiEqualsIgnoreCase(lower, b, off)) {
                return id;
            }
        }
        return -1;
    }

    /**
     * The id of the list member {@code from..to} of a value given as {@code s} or as
     * {@code b[off, ...)} (one of them null), ASCII case folded, or -1; the caller has made
     * sure its characters are ASCII.
     */
    static int memberId(String s, byte[] b, int off, int from, int to) {
        int len = to - from;
        if (len > MAX_LENGTH) {
            return -1;
        }
        int first = s != null ? s.charAt(from) : b[off + from] & 0xFF;
        int middle = s != null ? s.charAt(from + (len >> 1)) : b[off + from + (len >> 1)] & 0xFF;
        int last = s != null ? s.charAt(to - 1) : b[off + to - 1] & 0xFF;
        for (int id : SLOTS[slot(len, first, middle, last)]) {
            byte[] lower = LOWER_BYTES[id];
            if (lower.length != len) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < len && same; i++) {
                same = asciiFold(s != null ? s.charAt(from + i) : b[off + from + i] & 0xFF) == lower[i];
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
            if (asciiFold(b[off + i] & 0xFF) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case of a letter; any other character as it is (a name's {@code -} stays {@code -}). */
    private static int asciiFold(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

}
