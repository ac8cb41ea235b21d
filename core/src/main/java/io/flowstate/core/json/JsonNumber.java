package io.flowstate.core.json;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A JSON number, kept as the exact text it was written with (RFC 8259 section 6 grammar:
 * an optional minus, no leading zeros, an optional fraction and exponent; no {@code +}, no NaN
 * or Infinity). Nothing is lost or rounded until a caller asks for a Java number.
 *
 * <p>Equality compares the text: {@code 1.0} and {@code 1} are different numbers here.
 */
public record JsonNumber(String text, int line, int column) implements JsonValue {

    public JsonNumber {
        Objects.requireNonNull(text, "text");
        if (!Json.isNumber(text)) {
            throw new IllegalArgumentException("not a JSON number: " + Json.quote(text));
        }
    }

    /** A number built in code (no position); {@code text} must follow the RFC 8259 number grammar. */
    public JsonNumber(String text) {
        this(text, 0, 0);
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(Long.toString(value));
    }

    public static JsonNumber of(BigDecimal value) {
        return new JsonNumber(value.toString());
    }

    /** Whether the text is an integer literal: no fraction and no exponent ({@code 10}, not {@code 1e1}). */
    public boolean isInteger() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /**
     * The value as a long.
     *
     * @throws ArithmeticException if the text is not an integer literal or does not fit a long
     */
    public long longValue() {
        if (!isInteger()) {
            throw new ArithmeticException("not an integer: " + text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ArithmeticException("out of range for a long: " + text);
        }
    }

    /**
     * The value as an int.
     *
     * @throws ArithmeticException if the text is not an integer literal or does not fit an int
     */
    public int intValue() {
        long v = longValue();
        if (v != (int) v) {
            throw new ArithmeticException("out of range for an int: " + text);
        }
        return (int) v;
    }

    /**
     * The exact value.
     *
     * @throws ArithmeticException if the exponent is beyond what BigDecimal can hold
     */
    public BigDecimal decimal() {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new ArithmeticException("exponent out of range: " + text);
        }
    }

    /** The nearest double; infinite when the magnitude is beyond the double range. */
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber n && text.equals(n.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
