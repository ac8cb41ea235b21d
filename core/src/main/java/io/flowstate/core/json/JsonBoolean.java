package io.flowstate.core.json;

/** JSON {@code true} or {@code false}. */
public record JsonBoolean(boolean value, int line, int column) implements JsonValue {

    /** A boolean built in code (no position). */
    public JsonBoolean(boolean value) {
        this(value, 0, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonBoolean b && value == b.value;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(value);
    }

    @Override
    public String toString() {
        return Boolean.toString(value);
    }
}
