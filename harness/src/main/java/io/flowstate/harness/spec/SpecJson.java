package io.flowstate.harness.spec;

import io.flowstate.core.config.Durations;
import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonPosition;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * Reading harness specs (scenarios, backend behaviours) from JSON. Every failure is an {@link IllegalArgumentException} whose
 * message has the shape of core's config errors: {@code path: what is wrong at line:column}
 * (the position is left out for values built in code).
 */
public final class SpecJson {

    private SpecJson() {
    }

    public static IllegalArgumentException error(String path, JsonPosition at, String message) {
        String where = at.line() > 0 ? " at " + at : "";
        return new IllegalArgumentException((path.isEmpty() ? "" : path + ": ") + message + where);
    }

    public static IllegalArgumentException error(String path, JsonValue at, String message) {
        return error(path, at.position(), message);
    }

    public static String key(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    public static JsonObject object(JsonValue v, String path) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw error(path, v, "expected an object, found " + v.typeName());
    }

    /** Rejects every key of {@code o} not in {@code known}, naming the key's own path and position. */
    public static void onlyKeys(JsonObject o, String path, List<String> known) {
        for (String k : o.members().keySet()) {
            if (!known.contains(k)) {
                throw error(key(path, k), o.keyPosition(k),
                        "unknown key " + Json.quote(k) + "; expected one of " + String.join(", ", known));
            }
        }
    }

    /** The member {@code k} of {@code o}; it must be there. */
    public static JsonValue required(JsonObject o, String path, String k) {
        JsonValue v = o.get(k);
        if (v == null) {
            throw error(key(path, k), o, "missing required key " + Json.quote(k));
        }
        return v;
    }

    public static String string(JsonValue v, String path) {
        if (v instanceof JsonString s) {
            return s.value();
        }
        throw error(path, v, "expected a string, found " + v.typeName());
    }

    public static boolean bool(JsonValue v, String path) {
        if (v instanceof JsonBoolean b) {
            return b.value();
        }
        throw error(path, v, "expected true or false, found " + v.typeName());
    }

    public static int integer(JsonValue v, String path, int min, int max) {
        if (!(v instanceof JsonNumber n) || !n.isInteger()) {
            throw error(path, v, "expected a whole number, found " + describe(v));
        }
        long value;
        try {
            value = n.longValue();
        } catch (ArithmeticException e) {
            value = n.text().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            throw error(path, v, "must be between " + min + " and " + max + ", found " + n.text());
        }
        return (int) value;
    }

    public static double number(JsonValue v, String path, double min, double max) {
        if (!(v instanceof JsonNumber n)) {
            throw error(path, v, "expected a number, found " + v.typeName());
        }
        double value = n.doubleValue();
        if (!(value >= min && value <= max)) {
            throw error(path, v, "must be between " + min + " and " + max + ", found " + n.text());
        }
        return value;
    }

    public static Duration duration(JsonValue v, String path) {
        String s = string(v, path);
        try {
            return parseDuration(s);
        } catch (IllegalArgumentException e) {
            throw error(path, v, e.getMessage());
        }
    }

    /**
     * A duration as a whole number and a unit, no sign, no spaces: {@code ns}, {@code us} (or
     * {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}. The last four are read by core's
     * {@link Durations#parse}, so they mean what they mean in the proxy config; latencies need
     * the finer two as well.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Duration parseDuration(String s) {
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        long nanosPerUnit = switch (s.substring(digits)) {
            case "ns" -> 1;
            case "us", "µs" -> 1_000;
            case "ms", "s", "m", "h" -> 0; // core's syntax
            default -> -1;
        };
        if (digits == 0 || nanosPerUnit < 0) {
            throw new IllegalArgumentException("invalid duration " + Json.quote(s) + "; expected a whole number "
                    + "followed by ns, us, ms, s, m or h, e.g. \"250us\", \"5ms\", \"1s\"");
        }
        if (nanosPerUnit == 0) {
            return Durations.parse(s);
        }
        try {
            return Duration.ofNanos(Math.multiplyExact(Long.parseLong(s.substring(0, digits)), nanosPerUnit));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration " + Json.quote(s) + " is too large");
        }
    }

    /** The shortest string {@link #parseDuration} reads back as {@code d} (which must not be negative). */
    public static String formatDuration(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + d);
        }
        if (d.getNano() % 1_000_000 == 0) {
            return Durations.format(d);
        }
        long nanos = d.toNanos();
        return nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
    }

    private static String describe(JsonValue v) {
        return v instanceof JsonNumber n ? n.text() : v.typeName();
    }
}
