package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Durations as the config writes them: a whole number of units, no spaces, no sign, one of
 * {@code ms}, {@code s}, {@code m}, {@code h}. Examples: {@code "250ms"}, {@code "1s"}, {@code "2m"},
 * {@code "0s"}. Fractions ({@code "1.5s"}), compound forms ({@code "1m30s"}) and other units are
 * rejected; write {@code "1500ms"} or {@code "90s"} instead.
 */
public final class Durations {

    static final String ACCEPTED = "expected a whole number followed by ms, s, m or h, e.g. \"250ms\", \"1s\", \"2m\"";

    private Durations() {
    }

    /**
     * Parses a duration string.
     *
     * @throws IllegalArgumentException saying what is accepted when {@code s} is not one
     */
    public static Duration parse(String s) {
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        ChronoUnit unit = switch (s.substring(digits)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> null;
        };
        if (digits == 0 || unit == null) {
            throw new IllegalArgumentException("invalid duration " + quote(s) + "; " + ACCEPTED);
        }
        try {
            return Duration.of(Long.parseLong(s.substring(0, digits)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration " + quote(s) + " is too large");
        }
    }

    /**
     * {@code d} as a person reads it in logs and messages, in the config's notation:
     * {@link #format} of {@code d} cut to whole milliseconds ({@code "10s"}, {@code "1500ms"}).
     */
    public static String text(Duration d) {
        return format(d.isNegative() ? Duration.ZERO : d.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /**
     * The shortest string {@link #parse} reads back as {@code d}: the largest unit that divides it
     * exactly ({@code "2m"}, {@code "1500ms"}).
     *
     * @throws IllegalArgumentException if {@code d} is negative or not a whole number of milliseconds
     */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("not a whole, non-negative number of milliseconds: " + d);
        }
        long seconds = d.getSeconds();
        int millis = d.getNano() / 1_000_000;
        if (millis != 0) {
            try {
                return Math.addExact(Math.multiplyExact(seconds, 1000L), millis) + "ms";
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("too many milliseconds to write: " + d);
            }
        }
        if (seconds == 0) {
            return "0s";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static String quote(String s) {
        return Json.quote(s);
    }
}
