package io.flowstate.core.json;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes JSON (RFC 8259) with no dependency beyond the JDK.
 *
 * <p>{@link #parse} is strict: exactly one value with only whitespace around it; no duplicate
 * keys; no raw control chars or lone surrogates in strings; numbers exactly as the RFC grammar
 * (no leading zeros, no {@code +}, no NaN); at most {@link #MAX_DEPTH} nested arrays and objects.
 * A leading byte order mark (U+FEFF) is skipped. On any input it either returns a value or throws
 * {@link JsonSyntaxException}; nothing else.
 *
 * <p>{@link #write} is compact and canonical: no whitespace, members in order, numbers as their
 * text, strings escaped by {@link #quote}. For every value {@code v}, {@code parse(write(v))}
 * equals {@code v}.
 */
public final class Json {

    /** The deepest nesting of arrays and objects {@link #parse} accepts; the outermost counts as 1. */
    public static final int MAX_DEPTH = 256;

    private Json() {
    }

    /**
     * Parses one JSON text.
     *
     * @throws JsonSyntaxException naming the first problem and its line and column
     */
    public static JsonValue parse(String text) throws JsonSyntaxException {
        return new JsonParser(Objects.requireNonNull(text, "text")).parseDocument();
    }

    /** The compact JSON text of {@code value}. */
    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /**
     * {@code s} as a JSON string literal, quotes included. Escapes {@code "} and {@code \}, uses the
     * short escapes for backspace, form feed, newline, carriage return and tab, and a six-char
     * backslash-u escape for the other control chars; everything else is written as is. A lone surrogate (which no
     * JSON text may carry) is replaced by U+FFFD, so the result always parses.
     */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(s, out);
        return out.toString();
    }

    static boolean isNumber(String text) {
        return JsonParser.isNumber(text);
    }

    private static void write(JsonValue value, StringBuilder out) {
        switch (value) {
            case JsonObject o -> {
                out.append('{');
                Iterator<Map.Entry<String, JsonValue>> it = o.members().entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonValue> e = it.next();
                    quote(e.getKey(), out);
                    out.append(':');
                    write(e.getValue(), out);
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
            case JsonArray a -> {
                out.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(a.get(i), out);
                }
                out.append(']');
            }
            case JsonString s -> quote(s.value(), out);
            case JsonNumber n -> out.append(n.text());
            case JsonBoolean b -> out.append(b.value());
            case JsonNull n -> out.append("null");
        }
    }

    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u").append(Strings.hex4(c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
