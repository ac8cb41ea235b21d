package io.flowstate.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowstate.core.http.HeaderFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HopByHopPropertyTest {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection",
            "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "proxy-authenticate",
            "proxy-authorization");
    private static final List<String> NAMES = List.of("Connection", "Proxy-Connection",
            "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Authenticate",
            "Proxy-Authorization", "Host", "Accept", "Cookie", "Set-Cookie", "X-A", "X-B",
            "X-C", "Content-Type", "Content-Length");
    private static final List<String> TOKENS = List.of("close", "keep-alive", "Upgrade", "TE",
            "x-a", "X-B", "trailers", "gzip", "deflate;q=0.5", "Cookie", "");

    @Provide
    Arbitrary<List<HeaderFields.Field>> fieldLists() {
        Arbitrary<String> name = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.integers())
                .as(HopByHopPropertyTest::mixCase);
        Arbitrary<String> value = Combinators.combine(
                Arbitraries.of(TOKENS).list().ofMaxSize(3), Arbitraries.of(",", ", ", " , "))
                .as((tokens, separator) -> String.join(separator, tokens));
        return Combinators.combine(name, value).as(HeaderFields.Field::new).list().ofMaxSize(14);
    }

    @Property(tries = 2000)
    void stripRequestLeavesExactlyTheEndToEndFieldsInOrder(
            @ForAll("fieldLists") List<HeaderFields.Field> input) {
        HeaderFields h = new HeaderFields();
        Set<String> named = new HashSet<>();
        boolean trailers = false;
        for (HeaderFields.Field f : input) {
            h.add(f.name(), f.value());
            for (String token : f.value().split(",")) {
                String t = token.strip().toLowerCase(Locale.ROOT);
                if (f.is("Connection")) {
                    named.add(t);
                }
                if (f.is("TE") && t.equals("trailers")) {
                    trailers = true;
                }
            }
        }
        List<HeaderFields.Field> expected = new ArrayList<>();
        for (HeaderFields.Field f : input) {
            String n = f.name().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(n) && !named.contains(n)) {
                expected.add(f);
            }
        }
        if (trailers) {
            expected.add(new HeaderFields.Field("TE", "trailers"));
        }

        HopByHop.stripRequest(h);

        List<HeaderFields.Field> actual = new ArrayList<>();
        h.forEach((n, v) -> actual.add(new HeaderFields.Field(n, v)));
        assertEquals(expected, actual);
    }

    @Property(tries = 1000)
    void stripResponseLeavesNoHopByHopOrConnectionNamedField(
            @ForAll("fieldLists") List<HeaderFields.Field> input) {
        HeaderFields h = new HeaderFields();
        input.forEach(f -> h.add(f.name(), f.value()));
        List<String> named = h.tokens("Connection");
        HopByHop.stripResponse(h);
        for (HeaderFields.Field f : h) {
            String n = f.name().toLowerCase(Locale.ROOT);
            assertEquals(false, HOP_BY_HOP.contains(n) || named.contains(n), f.toString());
        }
    }

    /** {@code name} with the case of each letter flipped where {@code mask} has a 1 bit. */
    private static String mixCase(String name, int mask) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean flip = (mask >>> (i % 32) & 1) == 1;
            if (flip) {
                c = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
