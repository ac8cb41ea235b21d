package io.flowstate.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class JsonPropertiesTest {

    /** One edit: kind 0 inserts, 1 deletes, 2 replaces; {@code where} is scaled to the text's length. */
    record Mutation(int kind, double where, char c) {
    }

    @Provide
    Arbitrary<JsonValue> values() {
        return JsonArbitraries.values(4);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', '-', '+', '.', 'e',
                        '0', '1', 'u', 't', 'n', ' ', '\n', '\r')),
                Tuple.of(2, Arbitraries.chars().range((char) 0, (char) 0x7f)),
                Tuple.of(1, Arbitraries.of('\ud800', '\udc00', '\ufeff', '\u00a0', '\u0661')),
                Tuple.of(1, Arbitraries.chars()));
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.doubles().between(0, 1), chars).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 500)
    void writeThenParseGivesTheSameValue(@ForAll("values") JsonValue value) throws JsonSyntaxException {
        String text = Json.write(value);
        JsonValue back = Json.parse(text);
        assertEquals(value, back);
        assertEquals(text, Json.write(back), "member order and number text survive");
    }

    @Property(tries = 300)
    void indentationDoesNotChangeTheValue(@ForAll("values") JsonValue value) throws JsonSyntaxException {
        assertEquals(value, Json.parse("\uFEFF \r\n" + pretty(value) + "\n\t"));
    }

    @Property(tries = 2000)
    void mutatedTextsFailOnlyWithSyntaxErrors(@ForAll("values") JsonValue value,
                                              @ForAll("mutations") List<Mutation> mutations) {
        String text = mutate(pretty(value), mutations);
        checkParse(text);
    }

    @Property(tries = 1000)
    void mutatedBytesFailOnlyWithSyntaxErrors(@ForAll("values") JsonValue value,
                                              @ForAll("mutations") List<Mutation> mutations,
                                              @ForAll @IntRange(min = 0, max = 255) int b) {
        byte[] bytes = Json.write(value).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            Mutation m = mutations.get(0);
            int at = (int) (m.where() * (bytes.length - 1));
            bytes[at] = (byte) b;
        }
        checkParse(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property(tries = 50)
    void deepNestingFailsWithAClearError(@ForAll @IntRange(min = 257, max = 100_000) int depth,
                                         @ForAll boolean objects) {
        String open = objects ? "{\"k\":" : "[";
        String text = open.repeat(depth);
        try {
            Json.parse(text);
        } catch (JsonSyntaxException e) {
            assertEquals("nesting deeper than 256 levels", e.reason());
            assertEquals(1, e.line());
            assertEquals(256 * open.length() + 1, e.column());
            return;
        }
        throw new AssertionError("parsed " + depth + " levels");
    }

    /** Parses {@code text}; anything but a value or a JsonSyntaxException pointing inside the text fails. */
    private static void checkParse(String text) {
        try {
            JsonValue v = Json.parse(text);
            assertEquals(v, Json.parse(Json.write(v)));
        } catch (JsonSyntaxException e) {
            String[] lines = text.split("\r\n|\r|\n", -1);
            assertTrue(e.line() >= 1 && e.line() <= lines.length, () -> e.getMessage() + " in " + text);
            assertTrue(e.column() >= 1 && e.column() <= lines[e.line() - 1].length() + 1,
                    () -> e.getMessage() + " in " + text);
        }
    }

    private static String mutate(String text, List<Mutation> mutations) {
        StringBuilder sb = new StringBuilder(text);
        for (Mutation m : mutations) {
            int at = (int) (m.where() * sb.length());
            switch (m.kind()) {
                case 0 -> sb.insert(at, m.c());
                case 1 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, m.c());
                    }
                }
            }
        }
        return sb.toString();
    }

    /** An indented rendering, so that mutations also meet line breaks. */
    private static String pretty(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        pretty(v, sb, 0);
        return sb.toString();
    }

    private static void pretty(JsonValue v, StringBuilder sb, int indent) {
        String pad = "\n" + "  ".repeat(indent + 1);
        switch (v) {
            case JsonObject o -> {
                sb.append('{');
                int i = 0;
                for (var e : o.members().entrySet()) {
                    sb.append(i++ > 0 ? "," : "").append(pad).append(Json.quote(e.getKey())).append(": ");
                    pretty(e.getValue(), sb, indent + 1);
                }
                sb.append('\n').append("  ".repeat(indent)).append('}');
            }
            case JsonArray a -> {
                sb.append('[');
                for (int i = 0; i < a.size(); i++) {
                    sb.append(i > 0 ? "," : "").append(pad);
                    pretty(a.get(i), sb, indent + 1);
                }
                sb.append("\r\n").append("  ".repeat(indent)).append(']');
            }
            default -> sb.append(Json.write(v));
        }
    }
}
