package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * Reads the members of one config object, recording a problem for each unknown key and each
 * value of the wrong type. Every typed getter returns null both when the key is absent (no
 * problem) and when its value is wrong (problem recorded); {@link #has} tells them apart.
 */
final class Fields {
    private final JsonObject object;
    private final String path;
    private final Problems problems;

    private Fields(JsonObject object, String path, Problems problems) {
        this.object = object;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The fields of {@code value}, after checking its keys against {@code known}; null (with a
     * problem) when {@code value} is not an object.
     */
    static Fields of(JsonValue value, String path, Problems problems, List<String> known) {
        JsonObject object = object(value, path, problems);
        if (object == null) {
            return null;
        }
        for (String key : object.members().keySet()) {
            if (!known.contains(key)) {
                problems.at(object.keyPosition(key), Paths.key(path, key),
                        "unknown key " + Json.quote(key) + "; expected one of " + String.join(", ", known));
            }
        }
        return new Fields(object, path, problems);
    }

    JsonObject object() {
        return object;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return Paths.key(path, key);
    }

    boolean has(String key) {
        return object.has(key);
    }

    JsonValue get(String key) {
        return object.get(key);
    }

    /** Records a problem when {@code key} is absent, located at this object; returns whether it is present. */
    boolean require(String key) {
        if (object.has(key)) {
            return true;
        }
        problems.at(object, path(key), "missing required key " + Json.quote(key));
        return false;
    }

    String string(String key) {
        return object.has(key) ? string(object.get(key), path(key), problems) : null;
    }

    Boolean bool(String key) {
        if (!object.has(key)) {
            return null;
        }
        if (object.get(key) instanceof JsonBoolean b) {
            return b.value();
        }
        problems.at(object.get(key), path(key), wrongType("a boolean", object.get(key)));
        return null;
    }

    /**
     * An integer literal within {@code min..max}.
     *
     * @param range the accepted range in words, e.g. {@code "between 1 and 1000"}
     */
    Long integer(String key, long min, long max, String range) {
        if (!object.has(key)) {
            return null;
        }
        JsonValue v = object.get(key);
        if (!(v instanceof JsonNumber n)) {
            problems.at(v, path(key), wrongType("an integer", v));
            return null;
        }
        if (!n.isInteger()) {
            problems.at(v, path(key), "expected an integer, found " + n.text());
            return null;
        }
        long value;
        try {
            value = n.longValue();
        } catch (ArithmeticException e) {
            problems.at(v, path(key), "must be " + range + ", found " + n.text());
            return null;
        }
        if (value < min || value > max) {
            problems.at(v, path(key), "must be " + range + ", found " + n.text());
            return null;
        }
        return value;
    }

    /**
     * A number within {@code min..max} (inclusive, or exclusive of {@code min} when
     * {@code minExclusive}).
     *
     * @param range the accepted range in words, e.g. {@code "greater than 0 and at most 1"}
     */
    Double number(String key, double min, boolean minExclusive, double max, String range) {
        if (!object.has(key)) {
            return null;
        }
        JsonValue v = object.get(key);
        if (!(v instanceof JsonNumber n)) {
            problems.at(v, path(key), wrongType("a number", v));
            return null;
        }
        double d = n.doubleValue();
        boolean above = minExclusive ? d > min : d >= min;
        if (!(above && d <= max)) {
            problems.at(v, path(key), "must be " + range + ", found " + n.text());
            return null;
        }
        return d;
    }

    JsonArray array(String key) {
        if (!object.has(key)) {
            return null;
        }
        if (object.get(key) instanceof JsonArray a) {
            return a;
        }
        problems.at(object.get(key), path(key), wrongType("an array", object.get(key)));
        return null;
    }

    /** A duration string ({@link Durations}) greater than zero. */
    Duration positiveDuration(String key) {
        Duration d = duration(key);
        if (d != null && d.isZero()) {
            problems.at(object.get(key), path(key), "must be greater than 0");
            return null;
        }
        return d;
    }

    /** A duration string ({@link Durations}), zero allowed. */
    Duration duration(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            problems.at(object.get(key), path(key), e.getMessage());
            return null;
        }
    }

    static String string(JsonValue v, String path, Problems problems) {
        if (v instanceof JsonString s) {
            return s.value();
        }
        problems.at(v, path, wrongType("a string", v));
        return null;
    }

    static JsonObject object(JsonValue v, String path, Problems problems) {
        if (v instanceof JsonObject o) {
            return o;
        }
        problems.at(v, path, wrongType("an object", v));
        return null;
    }

    /** {@code expected a string, found number}. */
    static String wrongType(String expected, JsonValue found) {
        return "expected " + expected + ", found " + found.typeName();
    }
}
