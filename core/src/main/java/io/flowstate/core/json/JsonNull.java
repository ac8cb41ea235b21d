package io.flowstate.core.json;

/** JSON {@code null}. All nulls are equal. */
public record JsonNull(int line, int column) implements JsonValue {

    /** A null built in code (no position). */
    public JsonNull() {
        this(0, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNull;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "null";
    }
}
