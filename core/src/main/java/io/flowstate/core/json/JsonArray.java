package io.flowstate.core.json;

import java.util.List;
import java.util.Objects;

/** A JSON array; {@link #elements()} is unmodifiable and holds no Java nulls. */
public record JsonArray(List<JsonValue> elements, int line, int column) implements JsonValue {

    public JsonArray {
        elements = List.copyOf(Objects.requireNonNull(elements, "elements"));
    }

    /** An array built in code (no position). */
    public JsonArray(List<JsonValue> elements) {
        this(elements, 0, 0);
    }

    public int size() {
        return elements.size();
    }

    public JsonValue get(int index) {
        return elements.get(index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray a && elements.equals(a.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    /** The compact JSON text of this array. */
    @Override
    public String toString() {
        return Json.write(this);
    }
}
