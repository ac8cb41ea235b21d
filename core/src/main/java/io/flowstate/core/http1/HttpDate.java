package io.flowstate.core.http1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} of responses the proxy frames (RFC 9110 6.6.1), in IMF-fixdate form
 * (RFC 9110 5.6.7), made once per second and shared: a request that needs it reads one
 * volatile field, and only the first request of each second formats a new one.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** One second's value, as text and as the bytes of the whole field line. */
    private record Second(long epochSecond, String text, byte[] line) {
    }

    private static volatile Second current = format(System.currentTimeMillis() / 1000);

    private HttpDate() {
    }

    private static Second format(long epochSecond) {
        String text = IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
        return new Second(epochSecond, text, ("Date: " + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static Second now() {
        long second = System.currentTimeMillis() / 1000;
        Second s = current;
        if (s.epochSecond() != second) {
            s = format(second);                                // a race formats twice; both are right
            current = s;
        }
        return s;
    }

    /** The value for now ({@code Thu, 04 Dec 2026 20:25:45 GMT}). */
    public static String text() {
        return now().text();
    }

    /** The whole field line for now, {@code Date: ...\r\n}; shared, so the caller must not change it. */
    public static byte[] fieldLine() {
        return now().line();
    }
}
