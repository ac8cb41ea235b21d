package io.flowstate.engine.jetty;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The IMF-fixdate of RFC 9110 5.6.7, for the Date of responses the proxy makes itself. */
final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private HttpDates() {
    }

    static String now() {
        return IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
