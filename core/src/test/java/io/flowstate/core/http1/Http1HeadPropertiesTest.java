package io.flowstate.core.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.HeaderFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class Http1HeadPropertiesTest {
    static final String TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Set<String> FRAMING_NAMES = Set.of("host", "content-length", "transfer-encoding");
    private static final byte[] INTERESTING = {'\r', '\n', ' ', '\t', ':', ',', ';', '"', 0, 0x7F,
        (byte) 0x80, (byte) 0xFF, '0', '9', '/', '*', '[', ']', '@', 'H', 'c'};

    /** A generated valid head and what parsing it must yield. */
    record Head(String method, String target, String version, List<String> fields,
                Framing framing, long contentLength, byte[] bytes) {
        @Override
        public String toString() {
            return new String(bytes, ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n\n");
        }
    }

    @Provide
    Arbitrary<Head> heads() {
        Arbitrary<String> methods = Arbitraries.strings().withChars(TCHARS.toCharArray())
                .ofMinLength(1).ofMaxLength(8).filter(m -> !m.equals("CONNECT"));
        Arbitrary<String> targets = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30).map(s -> "/" + s);
        Arbitrary<String> versions = Arbitraries.of("HTTP/1.1", "HTTP/1.0");
        Arbitrary<String> names = Arbitraries.strings().withChars(TCHARS.toCharArray()).ofMinLength(1).ofMaxLength(12)
                .filter(n -> !FRAMING_NAMES.contains(n.toLowerCase(Locale.ROOT)));
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u0080', '\u00ff')
                .withChars('\t').ofMaxLength(24).map(Http1HeadPropertiesTest::trimOws);
        Arbitrary<List<String>> fields = Combinators.combine(names, values).as((n, v) -> n + ":" + v)
                .list().ofMaxSize(15);
        Arbitrary<String> hosts = Arbitraries.of("example.com", "a", "127.0.0.1:8080", "[::1]:80", "x-y.z:1", "[v7.a]");
        Arbitrary<Integer> bodyKinds = Arbitraries.integers().between(0, 2);
        Arbitrary<Long> lengths = Arbitraries.longs().between(0, 1L << 40);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(methods, targets, versions, fields, hosts, bodyKinds, lengths, seeds)
                .as(Http1HeadPropertiesTest::build);
    }

    private static Head build(String method, String target, String version, List<String> generated,
                              String host, int bodyKind, long length, long seed) {
        Random r = new Random(seed);
        List<String> fields = new ArrayList<>(generated);
        boolean http10 = version.equals("HTTP/1.0");
        if (!http10 || r.nextBoolean()) {
            fields.add(r.nextInt(fields.size() + 1), (r.nextBoolean() ? "Host" : "host") + ":" + host);
        }
        Framing framing = Framing.NONE;
        long contentLength = -1;
        if (bodyKind == 2 && !http10) {
            fields.add(r.nextInt(fields.size() + 1), "Transfer-Encoding:" + (r.nextBoolean() ? "chunked" : "Chunked"));
            framing = Framing.CHUNKED;
        } else if (bodyKind >= 1) {
            fields.add(r.nextInt(fields.size() + 1), "Content-Length:" + length);
            framing = Framing.FIXED;
            contentLength = length;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(3); i > 0; i--) {
            sb.append(lineEnd(r));
        }
        sb.append(method).append(' ').append(target).append(' ').append(version).append(lineEnd(r));
        for (String f : fields) {
            int colon = f.indexOf(':');
            sb.append(f, 0, colon + 1).append(ows(r)).append(f.substring(colon + 1)).append(ows(r)).append(lineEnd(r));
        }
        sb.append(lineEnd(r));
        return new Head(method, target, version, fields, framing, contentLength, sb.toString().getBytes(ISO_8859_1));
    }

    private static String lineEnd(Random r) {
        return r.nextInt(4) == 0 ? "\n" : "\r\n";
    }

    private static String ows(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> " ";
            case 1 -> "\t ";
            default -> "";
        };
    }

    static String trimOws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    static List<String> fieldsOf(HeaderFields headers) {
        List<String> out = new ArrayList<>();
        headers.forEach((n, v) -> out.add(n + ":" + v));
        return out;
    }

    @Property(tries = 500)
    void validHeadsRoundTrip(@ForAll("heads") Head head, @ForAll @Size(max = 40) byte[] body) throws Exception {
        byte[] input = Arrays.copyOf(head.bytes(), head.bytes().length + body.length);
        System.arraycopy(body, 0, input, head.bytes().length, body.length);

        int end = Http1RequestRules.findHeadEnd(input, 0, input.length, Http1RequestRules.DEFAULT_MAX_HEADER_BYTES);
        assertEquals(head.bytes().length, end);
        RequestHead parsed = Http1RequestRules.parse(input, 0, end);
        assertEquals(head.method(), parsed.method());
        assertEquals(head.target(), parsed.target());
        assertEquals(head.version(), parsed.version());
        assertEquals(head.fields(), fieldsOf(parsed.headers()));
        assertEquals(head.framing(), parsed.framing());
        assertEquals(head.contentLength(), parsed.contentLength());
        assertEquals(end, parsed.headBytes());
    }

    @Property(tries = 500)
    void headIsNotCompleteBeforeItsLastByte(@ForAll("heads") Head head, @ForAll Random random) throws Exception {
        byte[] b = head.bytes();
        int cut = random.nextInt(b.length);
        assertEquals(-1, Http1RequestRules.findHeadEnd(b, 0, cut, Http1RequestRules.DEFAULT_MAX_HEADER_BYTES));
    }

    @Property(tries = 3000)
    void mutatedHeadsYieldAHeadOrARejection(@ForAll("heads") Head head, @ForAll @IntRange(min = 1, max = 4) int mutations,
                                            @ForAll Random random) {
        byte[] b = head.bytes();
        for (int i = 0; i < mutations; i++) {
            b = mutate(b, random);
        }
        Statistics.collect(checkOutcome(b));
    }

    @Property(tries = 1000)
    void arbitraryBytesYieldAHeadOrARejection(@ForAll("noise") byte[] b) {
        Statistics.collect(checkOutcome(b));
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(toList(INTERESTING))),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes()),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(toList("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(ISO_8859_1)))));
        return bytes.list().ofMaxSize(80).map(Http1HeadPropertiesTest::toArray);
    }

    /** Replaces, inserts or deletes one byte, preferring bytes that matter to the grammar. */
    static byte[] mutate(byte[] b, Random random) {
        byte value = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
        int op = b.length == 0 ? 1 : random.nextInt(3);
        int at = random.nextInt(b.length + (op == 1 ? 1 : 0));
        return switch (op) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] = value;
                yield c;
            }
            case 1 -> {
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = value;
                System.arraycopy(b, at, c, at + 1, b.length - at);
                yield c;
            }
            default -> {
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                yield c;
            }
        };
    }

    /**
     * Only a valid head or a BadRequestException may come out; never any other exception.
     * Returns the outcome of parsing the whole input: "accepted" or the reason.
     */
    private static String checkOutcome(byte[] b) {
        int end;
        try {
            end = Http1RequestRules.findHeadEnd(b, 0, b.length, 64);
        } catch (BadRequestException e) {
            checkRejection(e);
            assertTrue(b.length >= 64);
            end = -1;
        }
        RequestHead whole = null;
        String outcome = "accepted";
        try {
            whole = Http1RequestRules.parse(b, 0, b.length);
            checkInvariants(whole, b.length);
        } catch (BadRequestException e) {
            checkRejection(e);
            outcome = e.reason();
        }
        if (end >= 0) {
            try {
                RequestHead h = Http1RequestRules.parse(b, 0, end);
                checkInvariants(h, end);
                assertEquals(end, h.headBytes(), "findHeadEnd and parse disagree on the end of the head");
                assertTrue(whole != null && whole.headBytes() == end, "parse of a longer input disagrees");
            } catch (BadRequestException e) {
                checkRejection(e);
            }
        }
        return outcome;
    }

    private static void checkRejection(BadRequestException e) {
        assertTrue(Set.of(400, 431, 501, 505).contains(e.status()), e.toString());
        assertTrue(e.reason().matches("[a-z0-9]+(_[a-z0-9]+)*"), e.toString());
    }

    private static void checkInvariants(RequestHead h, int maxBytes) {
        assertTrue(h.headBytes() <= maxBytes);
        assertTrue(isToken(h.method()), h.method());
        assertTrue(h.target().chars().allMatch(c -> c > 0x20 && c < 0x7F), h.target());
        for (HeaderFields.Field f : h.headers()) {
            assertTrue(isToken(f.name()), f.name());
            String v = f.value();
            assertTrue(v.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7F && c <= 0xFF)), v);
            assertEquals(trimOws(v), v);
        }
        assertFalse(h.headers().contains("Transfer-Encoding") && h.headers().contains("Content-Length"));
        if (h.isHttp11()) {
            assertEquals(1, h.headers().count("Host"));
        }
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> TCHARS.indexOf(c) >= 0);
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> out = new ArrayList<>(b.length);
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
