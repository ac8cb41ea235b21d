package io.flowstate.core.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * HeaderFields, with its ids, presence bits, raw lines and copies on write, answers every
 * query as the plain list of name and value Strings it replaced did: names compared with
 * {@code equalsIgnoreCase}, list fields split at commas and stripped.
 */
class HeaderFieldsPropertyTest {

    /** A line to add: from text, or from its bytes ({@code raw}, ISO-8859-1 names and values only). */
    record Line(String name, String value, boolean raw) {
    }

    private static final List<String> NAMES = List.of("Host", "Connection", "Content-Length", "TE",
            "Keep-Alive", "X-Forwarded-For", "X-Request-Id", "Date", "Upgrade", "Cookie", "X-A", "X-B",
            "Close", "Accept", "Sec-Fetch-Mode", "X-Content-Type-Options", "Access-Control-Allow-Origin");
    /** Names only text can carry: they fold to well-known ones under equalsIgnoreCase (U+212A KELVIN, U+017F LONG S). */
    private static final List<String> ODD_NAMES = List.of("\u212Aeep-Alive", "\u017Fet-Cookie", "Ho\u017Ft");
    private static final List<String> TOKENS = List.of("close", "keep-alive", "Upgrade", "te", "x-a", "X-B",
            "trailers", "gzip", "", " ", "Keep-Alive", "host", "\u212Aeep-alive", "caf\u00e9");

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(NAMES), Arbitraries.integers()).as(HeaderFieldsPropertyTest::mixCase),
                Arbitraries.of(ODD_NAMES));
        Arbitrary<String> value = Combinators.combine(Arbitraries.of(TOKENS).list().ofMaxSize(3),
                Arbitraries.of(",", ", ", " ,\t", ",,"))
                .as((tokens, separator) -> String.join(separator, tokens).strip());
        return Combinators.combine(name, value, Arbitraries.of(true, false))
                .as((n, v, raw) -> new Line(n, v, raw && latin1(n) && latin1(v)))
                .list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(NAMES), Arbitraries.integers()).as(HeaderFieldsPropertyTest::mixCase),
                Arbitraries.of(ODD_NAMES), Arbitraries.of("X-Unknown", "", "Hos"));
    }

    @Property(tries = 2000)
    void everyQueryAnswersAsTheListOfStrings(@ForAll("lines") List<Line> input, @ForAll("queries") String q,
                                              @ForAll("tokens") String token) {
        HeaderFields h = build(input);
        List<Line> model = new ArrayList<>(input);
        assertEquals(texts(model), texts(h));
        assertEquals(firstOf(model, q), h.first(q));
        assertEquals(allOf(model, q), h.all(q));
        assertEquals(allOf(model, q).size(), h.count(q));
        assertEquals(firstOf(model, q) != null, h.contains(q));
        assertEquals(hasToken(model, q, token), h.hasToken(q, token), q + " has " + token);
        assertEquals(tokensOf(model, q), h.tokens(q));
        long bit = HeaderFields.bit(q);
        if (bit != 0) {
            assertEquals(firstOf(model, q) != null, h.containsAny(bit));
        }
        for (HeaderFields.Field f : h) {
            assertEquals(true, f.is(f.name()));
            assertEquals(f.name().equalsIgnoreCase(q), f.is(q));
        }
        // What goes out: name, ": ", value, CRLF, every line in order, one byte a character.
        StringBuilder wire = new StringBuilder();
        model.forEach(l -> wire.append(l.name()).append(": ").append(l.value()).append("\r\n"));
        ByteBuffer out = ByteBuffer.allocate(h.encodedLength());
        h.writeTo(out);
        assertEquals(latin1Bytes(wire), new String(out.array(), ISO_8859_1));
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.of(TOKENS);
    }

    @Property(tries = 2000)
    void changesAnswerAsTheListOfStrings(@ForAll("lines") List<Line> input, @ForAll("queries") String q,
                                         @ForAll("queries") String listName) {
        HeaderFields original = build(input);
        HeaderFields h = original.copy();                      // changes must not reach the original
        List<Line> model = new ArrayList<>(input);

        boolean removed = model.removeIf(l -> l.name().equalsIgnoreCase(q));
        assertEquals(removed, h.remove(q));
        assertEquals(texts(model), texts(h));

        // removeListed: the fields the list's tokens name, and those of the bits
        List<String> named = tokensOf(model, listName);
        long bits = HeaderFields.bit("Connection") | HeaderFields.bit("Upgrade");
        boolean listed = model.removeIf(l -> (HeaderFields.bit(l.name()) & bits) != 0
                || named.stream().anyMatch(t -> t.equalsIgnoreCase(l.name())));
        assertEquals(listed, h.removeListed(listName, bits));
        assertEquals(texts(model), texts(h));

        h.set(q.isEmpty() ? "X-Set" : q, "v");
        model.removeIf(l -> l.name().equalsIgnoreCase(q.isEmpty() ? "X-Set" : q));
        model.add(new Line(q.isEmpty() ? "X-Set" : q, "v", false));
        assertEquals(texts(model), texts(h));
        for (Line l : model) {
            long b = HeaderFields.bit(l.name());
            assertEquals(b, h.presence() & b, "presence of " + l.name());
        }
        assertEquals(texts(input), texts(original));
    }

    private static HeaderFields build(List<Line> lines) {
        HeaderFields h = new HeaderFields();
        for (Line l : lines) {
            if (l.raw()) {
                byte[] src = ("pad" + l.name() + ":  " + l.value() + "\r\n").getBytes(ISO_8859_1);
                int nameOff = 3;
                h.addRaw(src, nameOff, l.name().length(), nameOff + l.name().length() + 3, l.value().length());
            } else {
                h.add(l.name(), l.value());
            }
        }
        return h;
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(l -> l.name() + "=" + l.value()).toList();
    }

    private static List<String> texts(HeaderFields h) {
        List<String> out = new ArrayList<>();
        h.forEach((n, v) -> out.add(n + "=" + v));
        return out;
    }

    private static String firstOf(List<Line> lines, String name) {
        return lines.stream().filter(l -> l.name().equalsIgnoreCase(name)).map(Line::value).findFirst().orElse(null);
    }

    private static List<String> allOf(List<Line> lines, String name) {
        return lines.stream().filter(l -> l.name().equalsIgnoreCase(name)).map(Line::value).toList();
    }

    private static boolean hasToken(List<Line> lines, String name, String token) {
        for (String v : allOf(lines, name)) {
            for (String t : v.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> tokensOf(List<Line> lines, String name) {
        List<String> out = new ArrayList<>();
        for (String v : allOf(lines, name)) {
            for (String t : v.split(",")) {
                String s = t.strip();
                if (!s.isEmpty()) {
                    out.add(s.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static boolean latin1(String s) {
        return s.chars().allMatch(c -> c <= 0xFF);
    }

    /** The text as writeTo writes it: each character's low byte. */
    private static String latin1Bytes(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append((char) (s.charAt(i) & 0xFF));
        }
        return sb.toString();
    }

    private static String mixCase(String name, int mask) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean flip = (mask >>> (i % 32) & 1) == 1;
            sb.append(flip ? (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
        }
        return sb.toString();
    }
}
