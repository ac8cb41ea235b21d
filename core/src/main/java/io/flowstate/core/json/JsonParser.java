package io.flowstate.core.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict recursive-descent parser for one JSON text (RFC 8259). One instance parses one text.
 *
 * <p>Recursion is bounded by {@link Json#MAX_DEPTH}, so deep input fails with a message instead
 * of a StackOverflowError. Lines are counted only while skipping whitespace: no token spans a
 * line break (strings reject raw control chars), so a position inside a token is always on the
 * current line.
 */
final class JsonParser {
    private static final int EOF = -1;

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    JsonParser(String text) {
        this.text = text;
    }

    /** Whether {@code s} is exactly one RFC 8259 number, nothing around it. */
    static boolean isNumber(String s) {
        if (s.isEmpty() || !(s.charAt(0) == '-' || isDigit(s.charAt(0)))) {
            return false;
        }
        JsonParser p = new JsonParser(s);
        try {
            p.scanNumber();
        } catch (JsonSyntaxException e) {
            return false;
        }
        return p.pos == s.length();
    }

    JsonValue parseDocument() throws JsonSyntaxException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            // RFC 8259 section 8.1: a parser MAY ignore a byte order mark. It is not counted as a column.
            pos = 1;
            lineStart = 1;
        }
        skipWhitespace();
        JsonValue value = parseValue(0);
        skipWhitespace();
        if (pos < text.length()) {
            throw error("expected end of input, found " + describe(pos), pos);
        }
        return value;
    }

    private JsonValue parseValue(int depth) throws JsonSyntaxException {
        int c = peek();
        int startLine = line;
        int startColumn = column(pos);
        switch (c) {
            case '{':
                return parseObject(depth + 1, startLine, startColumn);
            case '[':
                return parseArray(depth + 1, startLine, startColumn);
            case '"':
                return new JsonString(parseString(), startLine, startColumn);
            case 't':
                literal("true");
                return new JsonBoolean(true, startLine, startColumn);
            case 'f':
                literal("false");
                return new JsonBoolean(false, startLine, startColumn);
            case 'n':
                literal("null");
                return new JsonNull(startLine, startColumn);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return new JsonNumber(scanNumber(), startLine, startColumn);
                }
                throw error("expected a value, found " + describe(pos), pos);
        }
    }

    private JsonObject parseObject(int depth, int startLine, int startColumn) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        Map<String, JsonPosition> keyPositions = new HashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonObject(members, keyPositions, startLine, startColumn);
        }
        String expectedKey = "a string key or '}'";
        while (true) {
            if (peek() != '"') {
                throw error("expected " + expectedKey + ", found " + describe(pos), pos);
            }
            int keyAt = pos;
            JsonPosition keyPosition = new JsonPosition(line, column(keyAt));
            String key = parseString();
            if (members.containsKey(key)) {
                // RFC 8259 section 4 leaves duplicates undefined; a config must never guess which one wins.
                throw error("duplicate key " + Json.quote(key), keyAt);
            }
            skipWhitespace();
            if (peek() != ':') {
                throw error("expected ':', found " + describe(pos), pos);
            }
            pos++;
            skipWhitespace();
            members.put(key, parseValue(depth));
            keyPositions.put(key, keyPosition);
            skipWhitespace();
            int c = peek();
            if (c == '}') {
                pos++;
                return new JsonObject(members, keyPositions, startLine, startColumn);
            }
            if (c != ',') {
                throw error("expected ',' or '}', found " + describe(pos), pos);
            }
            pos++;
            skipWhitespace();
            expectedKey = "a string key";
        }
    }

    private JsonArray parseArray(int depth, int startLine, int startColumn) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonArray(elements, startLine, startColumn);
        }
        while (true) {
            elements.add(parseValue(depth));
            skipWhitespace();
            int c = peek();
            if (c == ']') {
                pos++;
                return new JsonArray(elements, startLine, startColumn);
            }
            if (c != ',') {
                throw error("expected ',' or ']', found " + describe(pos), pos);
            }
            pos++;
            skipWhitespace();
        }
    }

    private void checkDepth(int depth) throws JsonSyntaxException {
        if (depth > Json.MAX_DEPTH) {
            throw error("nesting deeper than " + Json.MAX_DEPTH + " levels", pos);
        }
    }

    /** Parses a string starting at the opening quote; leaves {@code pos} after the closing quote. */
    private String parseString() throws JsonSyntaxException {
        int open = pos;
        pos++;
        StringBuilder out = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string", open);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(runStart, pos) : out.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, runStart, pos);
                escape(out, open);
                runStart = pos;
            } else if (c < 0x20) {
                // RFC 8259 section 7: control characters U+0000 through U+001F must be escaped.
                throw error("control character " + Strings.codePoint(c) + " in string; escape it", pos);
            } else if (Character.isHighSurrogate(c)) {
                if (pos + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(pos + 1))) {
                    throw error("lone surrogate " + Strings.codePoint(c) + " in string", pos);
                }
                pos += 2;
            } else if (Character.isLowSurrogate(c)) {
                throw error("lone surrogate " + Strings.codePoint(c) + " in string", pos);
            } else {
                pos++;
            }
        }
    }

    /** Decodes the escape at {@code pos} (a backslash) into {@code out}; leaves {@code pos} after it. */
    private void escape(StringBuilder out, int open) throws JsonSyntaxException {
        int at = pos;
        if (pos + 1 >= text.length()) {
            throw error("unterminated string", open);
        }
        char e = text.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                char c = hex4(at);
                if (Character.isHighSurrogate(c)) {
                    // RFC 8259 section 7: a character outside the BMP is a surrogate pair of two escapes.
                    if (!text.startsWith("\\u", pos)) {
                        throw error("lone surrogate \\u" + Strings.hex4(c).toUpperCase() + " in string", at);
                    }
                    char low = hex4(pos);
                    if (!Character.isLowSurrogate(low)) {
                        throw error("lone surrogate \\u" + Strings.hex4(c).toUpperCase() + " in string", at);
                    }
                    out.append(c).append(low);
                } else if (Character.isLowSurrogate(c)) {
                    throw error("lone surrogate \\u" + Strings.hex4(c).toUpperCase() + " in string", at);
                } else {
                    out.append(c);
                }
            }
            default -> throw error("invalid escape '\\" + printable(e) + "' in string", at);
        }
    }

    /** Reads the four hex digits of the escape starting at {@code at} (its backslash). */
    private char hex4(int at) throws JsonSyntaxException {
        int start = at + 2;
        if (start + 4 > text.length()) {
            throw error("invalid \\u escape; expected 4 hex digits", at);
        }
        int v = 0;
        for (int i = start; i < start + 4; i++) {
            int d = hexDigit(text.charAt(i));
            if (d < 0) {
                throw error("invalid \\u escape; expected 4 hex digits", at);
            }
            v = v << 4 | d;
        }
        pos = start + 4;
        return (char) v;
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would also take non-ASCII digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Scans a number at {@code pos} following RFC 8259 section 6 exactly; returns its text. */
    private String scanNumber() throws JsonSyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '-', found " + describe(pos), pos);
            }
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zeros are not allowed in numbers", start);
            }
        } else {
            skipDigits();
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.', found " + describe(pos), pos);
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent, found " + describe(pos), pos);
            }
            skipDigits();
        }
        return text.substring(start, pos);
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws JsonSyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal; expected " + word, pos);
        }
        pos += word.length();
    }

    /** Skips RFC 8259 whitespace (space, tab, LF, CR), counting lines; CRLF is one line break. */
    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\n' || c == '\r') {
                pos++;
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                lineStart = pos;
            } else {
                return;
            }
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : EOF;
    }

    private int column(int at) {
        return at - lineStart + 1;
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(at);
        if (Character.isHighSurrogate(c) && at + 1 < text.length() && Character.isLowSurrogate(text.charAt(at + 1))) {
            return "'" + text.substring(at, at + 2) + "'";
        }
        String p = printable(c);
        return p.startsWith("U+") ? p : "'" + p + "'";
    }

    /** The char itself when it shows on screen, else its {@code U+XXXX} name. */
    private static String printable(char c) {
        if (c <= ' ' || Character.isISOControl(c) || Character.isSurrogate(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT || c == '\uFFFD' || Character.getType(c) == Character.UNASSIGNED) {
            return Strings.codePoint(c);
        }
        return String.valueOf(c);
    }

    private JsonSyntaxException error(String reason, int at) {
        return new JsonSyntaxException(reason, line, column(at));
    }
}
