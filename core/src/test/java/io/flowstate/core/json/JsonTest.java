package io.flowstate.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static String error(String text) {
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> Json.parse(text), text);
        assertEquals(e.reason() + " at " + e.line() + ":" + e.column(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void parsesNestedDocumentWithPositions() throws Exception {
        String text = "{\n  \"a\": [1, true],\n  \"b\": {\"c\": null},\n\t\"d\": \"x\"\n}";
        JsonObject o = assertInstanceOf(JsonObject.class, Json.parse(text));
        assertEquals(List.of("a", "b", "d"), List.copyOf(o.members().keySet()));
        assertEquals(new JsonPosition(1, 1), o.position());
        JsonArray a = assertInstanceOf(JsonArray.class, o.get("a"));
        assertEquals(new JsonPosition(2, 8), a.position());
        assertEquals(new JsonPosition(2, 9), a.get(0).position());
        assertEquals(new JsonPosition(2, 12), a.get(1).position());
        assertEquals(new JsonPosition(2, 3), o.keyPosition("a"));
        JsonObject b = assertInstanceOf(JsonObject.class, o.get("b"));
        assertEquals(new JsonPosition(3, 8), b.position());
        assertEquals(new JsonPosition(3, 9), b.keyPosition("c"));
        assertEquals(new JsonPosition(3, 14), b.get("c").position());
        assertEquals(new JsonPosition(4, 2), o.keyPosition("d"));
        assertEquals(new JsonPosition(4, 7), o.get("d").position());
        assertEquals("{\"a\":[1,true],\"b\":{\"c\":null},\"d\":\"x\"}", Json.write(o));
    }

    @Test
    void crlfAndLoneCrEachCountAsOneLineBreak() throws Exception {
        JsonArray a = (JsonArray) Json.parse("[\r\n1,\r2,\n\n 3]");
        assertEquals(new JsonPosition(2, 1), a.get(0).position());
        assertEquals(new JsonPosition(3, 1), a.get(1).position());
        assertEquals(new JsonPosition(5, 2), a.get(2).position());
        assertEquals("expected a value, found 'x' at 3:3", error("[\r\n1,\r\n  x]"));
    }

    @Test
    void byteOrderMarkIsSkippedAndNotCounted() throws Exception {
        JsonValue v = Json.parse("\uFEFF {\"a\":1}");
        assertEquals(new JsonPosition(1, 2), v.position());
        assertEquals("expected a value, found end of input at 1:1", error("\uFEFF"));
        assertEquals("expected a value, found U+FEFF at 1:1", error("\uFEFF\uFEFF1"));
    }

    @Test
    void reportsExactPositions() {
        assertEquals("expected ',' or '}', found '\"' at 3:3", error("{\n  \"a\": 1\n  \"b\": 2}"));
        assertEquals("duplicate key \"a\" at 2:3", error("{\"a\": 1,\n  \"a\": 2}"));
        assertEquals("expected ':', found '1' at 1:6", error("{\"a\" 1}"));
        assertEquals("expected a string key or '}', found 'a' at 1:2", error("{a:1}"));
        assertEquals("expected a string key, found '}' at 1:9", error("{\"a\": 1,}"));
        assertEquals("expected a value, found ']' at 1:4", error("[1,]"));
        assertEquals("expected ',' or ']', found '2' at 1:4", error("[1 2]"));
        assertEquals("expected ',' or ']', found end of input at 1:3", error("[1"));
        assertEquals("expected end of input, found '2' at 1:3", error("1 2"));
        assertEquals("expected end of input, found ',' at 1:3", error("{},"));
        assertEquals("expected a value, found end of input at 1:1", error(""));
        assertEquals("expected a value, found end of input at 3:1", error(" \n\t\n"));
        assertEquals("invalid literal; expected true at 1:2", error("[tru]"));
        assertEquals("invalid literal; expected null at 1:1", error("NULL".toLowerCase().substring(0, 3)));
        assertEquals("expected a value, found 'N' at 1:1", error("NaN"));
        assertEquals("expected a value, found 'T' at 1:1", error("True"));
    }

    @Test
    void acceptsOnlyTheFourWhitespaceChars() throws Exception {
        assertEquals(JsonNumber.of(1), Json.parse(" \t\r\n1 \t\r\n"));
        assertEquals("expected a value, found U+000C at 1:1", error("\f1"));
        assertEquals("expected a value, found U+00A0 at 1:1", error("\u00a01"));
        assertEquals("expected end of input, found U+000B at 1:2", error("1\u000b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1", "-1", "10", "1.5", "-0.0", "1e10", "1E+2", "-1.0e-3", "0e0",
            "123456789012345678901234567890", "1.000"})
    void acceptsRfcNumbers(String text) throws Exception {
        JsonNumber n = assertInstanceOf(JsonNumber.class, Json.parse(text));
        assertEquals(text, n.text());
        assertEquals(text, Json.write(n));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "01     | leading zeros are not allowed in numbers at 1:1",
        "-01    | leading zeros are not allowed in numbers at 1:1",
        "00.5   | leading zeros are not allowed in numbers at 1:1",
        "+1     | expected a value, found '+' at 1:1",
        ".5     | expected a value, found '.' at 1:1",
        "1.     | expected a digit after '.', found end of input at 1:3",
        "1.e3   | expected a digit after '.', found 'e' at 1:3",
        "1e     | expected a digit in the exponent, found end of input at 1:3",
        "1e+    | expected a digit in the exponent, found end of input at 1:4",
        "-      | expected a digit after '-', found end of input at 1:2",
        "-x     | expected a digit after '-', found 'x' at 1:2",
        "-Infinity | expected a digit after '-', found 'I' at 1:2",
        "0x10   | expected end of input, found 'x' at 1:2",
        "1_000  | expected end of input, found '_' at 1:2",
    })
    void rejectsNonRfcNumbers(String text, String message) {
        assertEquals(message, error(text));
    }

    @Test
    void numberAccessors() throws Exception {
        JsonNumber n = (JsonNumber) Json.parse("-9223372036854775808");
        assertTrue(n.isInteger());
        assertEquals(Long.MIN_VALUE, n.longValue());
        JsonNumber big = (JsonNumber) Json.parse("9223372036854775808");
        ArithmeticException e = assertThrows(ArithmeticException.class, big::longValue);
        assertEquals("out of range for a long: 9223372036854775808", e.getMessage());
        JsonNumber frac = (JsonNumber) Json.parse("1.5");
        assertFalse(frac.isInteger());
        assertEquals("not an integer: 1.5", assertThrows(ArithmeticException.class, frac::longValue).getMessage());
        assertFalse(((JsonNumber) Json.parse("1e2")).isInteger());
        assertEquals(new BigDecimal("1.5"), frac.decimal());
        assertEquals(0, new BigDecimal("100").compareTo(((JsonNumber) Json.parse("1E2")).decimal()));
        assertThrows(ArithmeticException.class, () -> ((JsonNumber) Json.parse("1e99999999999")).decimal());
        assertEquals(Double.POSITIVE_INFINITY, ((JsonNumber) Json.parse("1e400")).doubleValue());
        assertEquals("out of range for an int: 2147483648",
                assertThrows(ArithmeticException.class, () -> JsonNumber.of(2147483648L).intValue()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new JsonNumber("01"));
        assertThrows(IllegalArgumentException.class, () -> new JsonNumber(" 1"));
        assertThrows(IllegalArgumentException.class, () -> new JsonNumber("NaN"));
        assertNotEquals(JsonNumber.of(1), new JsonNumber("1.0"));
    }

    @Test
    void decodesEscapes() throws Exception {
        JsonString s = (JsonString) Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0000\\u00e9\\u00E9\\ud83d\\ude00\"");
        assertEquals("a\"b\\c/d\b\f\n\r\t\u0000éé\uD83D\uDE00", s.value());
        assertEquals("\uD83D\uDE00", ((JsonString) Json.parse("\"\uD83D\uDE00\"")).value());
    }

    @Test
    void rejectsBadStrings() {
        assertEquals("control character U+000A in string; escape it at 1:4", error("[\"a\nb\"]"));
        assertEquals("control character U+0000 in string; escape it at 1:2", error("\"\u0000\""));
        assertEquals("control character U+001F in string; escape it at 1:2", error("\"\u001f\""));
        assertEquals("invalid escape '\\x' in string at 1:3", error("\"a\\x\""));
        assertEquals("invalid escape '\\U' in string at 1:2", error("\"\\U0041\""));
        assertEquals("invalid \\u escape; expected 4 hex digits at 1:2", error("\"\\u12G4\""));
        assertEquals("invalid \\u escape; expected 4 hex digits at 1:2", error("\"\\u12\""));
        assertEquals("invalid \\u escape; expected 4 hex digits at 1:2", error("\"\\u\u0661\u0662\u0663\u0664\""));
        assertEquals("lone surrogate \\uD800 in string at 1:2", error("\"\\ud800\""));
        assertEquals("lone surrogate \\uD800 in string at 1:2", error("\"\\ud800\\u0041\""));
        assertEquals("lone surrogate \\uDC00 in string at 1:2", error("\"\\udc00\\ud800\""));
        assertEquals("lone surrogate U+D800 in string at 1:3", error("\"a\ud800\""));
        assertEquals("lone surrogate U+DC00 in string at 1:2", error("\"\udc00\ud800\""));
        assertEquals("unterminated string at 1:2", error("[\"abc"));
        assertEquals("unterminated string at 1:1", error("\"ab\\"));
        assertEquals("unterminated string at 1:1", error("\"ab\\\""));
    }

    @Test
    void depthIsLimited() throws Exception {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(JsonArray.class, Json.parse(ok));
        assertEquals("nesting deeper than 256 levels at 1:257",
                error("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
        assertEquals("nesting deeper than 256 levels at 1:257", error("[".repeat(1_000_000)));
        assertEquals("nesting deeper than 256 levels at 1:1281", error("{\"a\":".repeat(1_000_000)));
    }

    @Test
    void writesCanonically() throws Exception {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("z", new JsonArray(List.of(JsonNumber.of(-1), new JsonBoolean(false), new JsonNull())));
        m.put("a", new JsonString("q\"\\\n\u0001\u007f/é"));
        m.put("", new JsonObject(Map.of()));
        JsonObject o = new JsonObject(m);
        String text = "{\"z\":[-1,false,null],\"a\":\"q\\\"\\\\\\n\\u0001\u007f/é\",\"\":{}}";
        assertEquals(text, Json.write(o));
        assertEquals(o, Json.parse(text));
        assertEquals(text, o.toString());
    }

    @Test
    void quoteEscapesAndNeverProducesInvalidJson() throws Exception {
        assertEquals("\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u001f\"", Json.quote("a\"b\\c\b\f\n\r\t\u001f"));
        assertEquals("\"\uFFFDx\uFFFD\"", Json.quote("\ud800x\udc00"));
        assertEquals("\uD83D\uDE00", ((JsonString) Json.parse(Json.quote("\uD83D\uDE00"))).value());
        assertThrows(IllegalArgumentException.class, () -> new JsonString("\ud800"));
        assertThrows(IllegalArgumentException.class, () -> new JsonObject(Map.of("\udc00", new JsonNull())));
    }

    @Test
    void equalityIgnoresPositionsAndMemberOrder() throws Exception {
        JsonValue a = Json.parse("{\"x\": [1, \"s\"], \"y\": null}");
        JsonValue b = Json.parse("\n\n  {\"y\":null,\"x\":[1,\"s\"]}");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a.position(), b.position());
        assertNotEquals(a, Json.parse("{\"x\": [1, \"s\"], \"y\": false}"));
    }

    @Test
    void objectAccessors() throws Exception {
        JsonObject o = (JsonObject) Json.parse("{\"k\": 1}");
        assertTrue(o.has("k"));
        assertEquals(1, o.size());
        assertThrows(IllegalArgumentException.class, () -> o.keyPosition("nope"));
        assertThrows(UnsupportedOperationException.class, () -> o.members().put("x", new JsonNull()));
        JsonObject built = new JsonObject(Map.of("k", new JsonNull()));
        assertEquals(new JsonPosition(0, 0), built.keyPosition("k"));
        assertEquals("object", o.typeName());
        assertEquals("number", o.get("k").typeName());
    }
}
