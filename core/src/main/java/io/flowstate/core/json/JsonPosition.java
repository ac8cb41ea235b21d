package io.flowstate.core.json;

/**
 * A place in a JSON text: 1-based line and column (the column counts UTF-16 chars).
 * Line and column 0 mean "not from a text".
 */
public record JsonPosition(int line, int column) {

    /** The position of values built in code. */
    public static final JsonPosition NONE = new JsonPosition(0, 0);

    /** {@code line:column}, the form used in every message. */
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
