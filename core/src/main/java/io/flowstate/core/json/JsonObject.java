package io.flowstate.core.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * A JSON object. Members keep the order they were written in; keys are unique (the parser
 * rejects duplicates). For parsed objects {@link #keyPosition} tells where each key was written,
 * so that messages can point at a key rather than at its value.
 *
 * <p>Equality compares members regardless of order and ignores every position.
 *
 * @param members      the members in written order, unmodifiable, no Java nulls
 * @param keyPositions where each key's opening quote is; keys built in code may be missing
 */
public record JsonObject(SequencedMap<String, JsonValue> members, Map<String, JsonPosition> keyPositions,
                         int line, int column) implements JsonValue {

    public JsonObject {
        LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : Objects.requireNonNull(members, "members").entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "key");
            int bad = Strings.loneSurrogate(key);
            if (bad >= 0) {
                throw new IllegalArgumentException("key has a lone surrogate at index " + bad);
            }
            copy.put(key, Objects.requireNonNull(e.getValue(), () -> "value of " + Json.quote(key)));
        }
        members = Collections.unmodifiableSequencedMap(copy);
        keyPositions = Map.copyOf(Objects.requireNonNull(keyPositions, "keyPositions"));
    }

    /** An object built in code (no positions); the map's iteration order becomes the member order. */
    public JsonObject(Map<String, JsonValue> members) {
        this(new LinkedHashMap<>(members), Map.of(), 0, 0);
    }

    public int size() {
        return members.size();
    }

    public boolean has(String key) {
        return members.containsKey(key);
    }

    /** The value of {@code key}, or null when there is no such member. */
    public JsonValue get(String key) {
        return members.get(key);
    }

    /**
     * Where {@code key} was written; the object's own position when the key was not parsed.
     *
     * @throws IllegalArgumentException if there is no such member
     */
    public JsonPosition keyPosition(String key) {
        if (!members.containsKey(key)) {
            throw new IllegalArgumentException("no member " + Json.quote(key));
        }
        JsonPosition p = keyPositions.get(key);
        return p != null ? p : new JsonPosition(line, column);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    /** The compact JSON text of this object. */
    @Override
    public String toString() {
        return Json.write(this);
    }
}
