package io.flowstate.core.json;

import java.util.Objects;

/**
 * A JSON string. The value is well-formed UTF-16: a surrogate half without its partner is
 * rejected, so that every string can be written as JSON and read back.
 */
public record JsonString(String value, int line, int column) implements JsonValue {

    public JsonString {
        Objects.requireNonNull(value, "value");
        int bad = Strings.loneSurrogate(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("lone surrogate " + Strings.codePoint(value.charAt(bad))
                    + " at index " + bad);
        }
    }

    /** A string built in code (no position). */
    public JsonString(String value) {
        this(value, 0, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonString s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The JSON text of this string. */
    @Override
    public String toString() {
        return Json.quote(value);
    }
}
