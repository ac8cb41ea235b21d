package io.flowstate.core.json;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of random JSON values for property tests. */
final class JsonArbitraries {
    private JsonArbitraries() {
    }

    /** Trees up to {@code depth} levels of arrays and objects. */
    static Arbitrary<JsonValue> values(int depth) {
        Arbitrary<JsonValue> leaf = leaves();
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonValue> child = values(depth - 1);
        Arbitrary<JsonValue> arrays = child.list().ofMaxSize(4).map(JsonArray::new);
        Arbitrary<JsonValue> objects = Arbitraries.maps(strings(), child).ofMaxSize(4).map(JsonObject::new);
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, arrays), Tuple.of(1, objects));
    }

    static Arbitrary<JsonValue> leaves() {
        return Arbitraries.oneOf(
                strings().map(JsonString::new),
                numbers(),
                Arbitraries.of(true, false).map(JsonBoolean::new),
                Arbitraries.just(new JsonNull()));
    }

    /** Number texts covering every branch of the RFC 8259 grammar. */
    static Arbitrary<JsonValue> numbers() {
        Arbitrary<String> minus = Arbitraries.of("", "-");
        Arbitrary<String> intPart = Arbitraries.oneOf(Arbitraries.just("0"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25).filter(s -> s.charAt(0) != '0'));
        Arbitrary<String> frac = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(8).map(s -> "." + s)
                .injectNull(0.5);
        Arbitrary<String> exp = Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4)).as((e, s, d) -> e + s + d).injectNull(0.6);
        return Combinators.combine(minus, intPart, frac, exp)
                .as((m, i, f, e) -> new JsonNumber(m + i + (f == null ? "" : f) + (e == null ? "" : e)));
    }

    /** Well-formed strings, weighted towards chars that need escaping and non-BMP code points. */
    static Arbitrary<String> strings() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(3, Arbitraries.of(List.of((int) '"', (int) '\\', (int) '/', 0, 8, 9, 10, 12, 13, 0x1f, 0x7f,
                        0x2028, 0xfeff, 0xfffd))),
                Tuple.of(2, Arbitraries.integers().between(0xa0, 0xd7ff)),
                Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMaxSize(12).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }
}
