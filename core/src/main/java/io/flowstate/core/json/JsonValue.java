package io.flowstate.core.json;

/**
 * One JSON value (RFC 8259), immutable.
 *
 * <p>A value made by {@link Json#parse} knows where it starts in the text: {@link #line()} and
 * {@link #column()} are 1-based, and the column counts UTF-16 chars from the start of the line
 * (a leading byte order mark is not counted). A value built in code has line and column 0.
 *
 * <p>Equality is structural: two values are equal when they hold the same data, wherever they
 * came from. Positions are never part of {@code equals} or {@code hashCode}.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** The 1-based line where this value starts, or 0 when it was not parsed from text. */
    int line();

    /** The 1-based column where this value starts, or 0 when it was not parsed from text. */
    int column();

    /** Where this value starts. */
    default JsonPosition position() {
        return new JsonPosition(line(), column());
    }

    /** The JSON type name, as used in messages: object, array, string, number, boolean or null. */
    default String typeName() {
        return switch (this) {
            case JsonObject o -> "object";
            case JsonArray a -> "array";
            case JsonString s -> "string";
            case JsonNumber n -> "number";
            case JsonBoolean b -> "boolean";
            case JsonNull n -> "null";
        };
    }
}
