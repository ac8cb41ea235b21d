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
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

class Http1ResponsePropertiesTest {
    private static final String TCHARS = Http1HeadPropertiesTest.TCHARS;
    private static final Set<String> FRAMING_NAMES = Set.of("content-length", "transfer-encoding", "connection");
    private static final List<String> METHODS = List.of("GET", "POST", "HEAD", "CONNECT", "PUT", "head");
    private static final byte[] INTERESTING = {'\r', '\n', ' ', '\t', ':', ',', ';', 0, 0x7F, (byte) 0x80,
        (byte) 0xFF, '0', '1', '2', '5', '6', '9', '/', '.', 'H', 'P', 'c', 'k'};

    /** A generated valid response head, the method it answers, and what parsing it must yield. */
    record Head(String method, int status, String version, List<String> fields, Framing framing,
                long contentLength, boolean keepAlive, byte[] bytes) {
        @Override
        public String toString() {
            return method + " -> " + new String(bytes, ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n\n");
        }
    }

    @Provide
    Arbitrary<Head> heads() {
        Arbitrary<String> methods = Arbitraries.of(METHODS);
        Arbitrary<Integer> statuses = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(100, 103, 204, 304)),
                Tuple.of(4, Arbitraries.integers().between(200, 599)));
        Arbitrary<String> versions = Arbitraries.of("HTTP/1.1", "HTTP/1.0");
        Arbitrary<String> reasons = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u0080', '\u00ff')
                .withChars('\t').ofMaxLength(20);
        Arbitrary<String> names = Arbitraries.strings().withChars(TCHARS.toCharArray()).ofMinLength(1).ofMaxLength(12)
                .filter(n -> !FRAMING_NAMES.contains(n.toLowerCase(Locale.ROOT)));
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u0080', '\u00ff')
                .withChars('\t').ofMaxLength(24).map(Http1HeadPropertiesTest::trimOws);
        Arbitrary<List<String>> fields = Combinators.combine(names, values).as((n, v) -> n + ":" + v)
                .list().ofMaxSize(12);
        Arbitrary<Integer> bodyKinds = Arbitraries.integers().between(0, 2);
        Arbitrary<Long> lengths = Arbitraries.longs().between(0, 1L << 40);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(methods, statuses, versions, reasons, fields, bodyKinds, lengths, seeds)
                .as(Http1ResponsePropertiesTest::build);
    }

    private static Head build(String method, int status, String version, String reason, List<String> generated,
                              int bodyKind, long length, long seed) {
        Random r = new Random(seed);
        List<String> fields = new ArrayList<>(generated);
        boolean http10 = version.equals("HTTP/1.0");
        boolean tunnel = status / 100 == 2 && method.equals("CONNECT");
        boolean bodiless = tunnel || status < 200 || status == 204 || status == 304 || method.equals("HEAD");

        Framing framing;
        long contentLength = -1;
        if (bodyKind == 2 && !http10) {
            fields.add(r.nextInt(fields.size() + 1), "Transfer-Encoding:" + (r.nextBoolean() ? "chunked" : "Chunked"));
            framing = Framing.CHUNKED;
        } else if (bodyKind >= 1) {
            fields.add(r.nextInt(fields.size() + 1), "Content-Length:" + length);
            framing = Framing.FIXED;
            contentLength = length;
        } else {
            framing = Framing.CLOSE_DELIMITED;
        }
        if (bodiless) {
            framing = Framing.NONE;
            contentLength = -1;
        }

        boolean close = false;
        boolean keepAliveOption = false;
        switch (r.nextInt(4)) {
            case 0 -> {
                close = true;
                fields.add(r.nextInt(fields.size() + 1), "Connection:" + (r.nextBoolean() ? "close" : "Close"));
            }
            case 1 -> {
                keepAliveOption = true;
                fields.add(r.nextInt(fields.size() + 1), "Connection:" + (r.nextBoolean() ? "keep-alive" : "Keep-Alive"));
            }
            case 2 -> fields.add(r.nextInt(fields.size() + 1), "Connection:x-other");
            default -> { }
        }
        boolean keepAlive = !tunnel && framing != Framing.CLOSE_DELIMITED && !close && (!http10 || keepAliveOption);

        StringBuilder sb = new StringBuilder();
        sb.append(version).append(' ').append(status);
        if (!reason.isEmpty() || r.nextBoolean()) {
            sb.append(' ').append(reason);   // an empty reason may come without its SP
        }
        sb.append(lineEnd(r));
        for (String f : fields) {
            int colon = f.indexOf(':');
            sb.append(f, 0, colon + 1).append(ows(r)).append(f.substring(colon + 1)).append(ows(r)).append(lineEnd(r));
        }
        sb.append(lineEnd(r));
        return new Head(method, status, version, fields, framing, contentLength, keepAlive,
                sb.toString().getBytes(ISO_8859_1));
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

    @Property(tries = 500)
    void validHeadsParseBackToWhatWasGenerated(@ForAll("heads") Head head, @ForAll @Size(max = 40) byte[] body)
            throws Exception {
        byte[] input = Arrays.copyOf(head.bytes(), head.bytes().length + body.length);
        System.arraycopy(body, 0, input, head.bytes().length, body.length);

        int end = Http1ResponseRules.findHeadEnd(input, 0, input.length, Http1ResponseRules.DEFAULT_MAX_HEADER_BYTES);
        assertEquals(head.bytes().length, end);
        ResponseHead parsed = Http1ResponseRules.parse(input, 0, end, head.method());
        assertEquals(head.status(), parsed.status());
        assertEquals(head.version(), parsed.version());
        assertEquals(head.fields(), Http1HeadPropertiesTest.fieldsOf(parsed.headers()));
        assertEquals(head.framing(), parsed.framing());
        assertEquals(head.contentLength(), parsed.contentLength());
        assertEquals(head.keepAlive(), parsed.keepAlive());
        assertEquals(head.status() < 200, parsed.interim());
        assertEquals(end, parsed.headBytes());
        Statistics.collect(parsed.framing());
    }

    @Property(tries = 300)
    void aHeadIsNotCompleteBeforeItsLastByte(@ForAll("heads") Head head, @ForAll Random random) throws Exception {
        byte[] b = head.bytes();
        int cut = random.nextInt(b.length);
        assertEquals(-1, Http1ResponseRules.findHeadEnd(b, 0, cut, Http1ResponseRules.DEFAULT_MAX_HEADER_BYTES));
    }

    @Property(tries = 500)
    void framingIsNeverBothFixedAndChunked(@ForAll("heads") Head head, @ForAll Random random) {
        String text = new String(head.bytes(), ISO_8859_1);
        int firstLine = text.indexOf('\n') + 1;
        String both = text.substring(0, firstLine) + "Content-Length: " + random.nextInt(100) + "\r\n"
                + "Transfer-Encoding: chunked\r\n" + text.substring(firstLine);
        byte[] b = both.getBytes(ISO_8859_1);
        try {
            ResponseHead h = Http1ResponseRules.parse(b, 0, b.length, head.method());
            assertEquals(Framing.NONE, h.framing(), "only a bodiless response may carry both, and ignores them");
        } catch (BadResponseException e) {
            Statistics.collect(e.reason());
        }
    }

    @Property(tries = 3000)
    void mutatedHeadsParseOrAreRefused(@ForAll("heads") Head head, @ForAll @IntRange(min = 1, max = 4) int mutations,
                                       @ForAll Random random) {
        byte[] b = head.bytes();
        for (int i = 0; i < mutations; i++) {
            b = mutate(b, random);
        }
        Statistics.collect(checkOutcome(b, head.method()));
    }

    @Property(tries = 1000)
    void arbitraryBytesParseOrAreRefused(@ForAll("noise") byte[] b, @ForAll("methods") String method) {
        Statistics.collect(checkOutcome(b, method));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of(METHODS);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(toList(INTERESTING))),
                Tuple.of(1, Arbitraries.bytes()),
                Tuple.of(3, Arbitraries.of(toList("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n".getBytes(ISO_8859_1)))));
        return bytes.list().ofMaxSize(80).map(Http1ResponsePropertiesTest::toArray);
    }

    /** Replaces, inserts or deletes one byte, preferring bytes that matter to the grammar. */
    private static byte[] mutate(byte[] b, Random random) {
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
     * Only a valid head or a BadResponseException may come out; never any other exception.
     * Returns the outcome of parsing the whole input: "accepted" or the reason.
     */
    private static String checkOutcome(byte[] b, String method) {
        int end;
        try {
            end = Http1ResponseRules.findHeadEnd(b, 0, b.length, 64);
        } catch (BadResponseException e) {
            checkRefusal(e);
            assertTrue(b.length >= 64);
            end = -1;
        }
        ResponseHead whole = null;
        String outcome = "accepted";
        try {
            whole = Http1ResponseRules.parse(b, 0, b.length, method);
            checkInvariants(whole, b.length);
        } catch (BadResponseException e) {
            checkRefusal(e);
            outcome = e.reason();
        }
        if (end >= 0) {
            try {
                ResponseHead h = Http1ResponseRules.parse(b, 0, end, method);
                checkInvariants(h, end);
                assertEquals(end, h.headBytes(), "findHeadEnd and parse disagree on the end of the head");
                assertTrue(whole != null && whole.headBytes() == end, "parse of a longer input disagrees");
            } catch (BadResponseException e) {
                checkRefusal(e);
            }
        }
        return outcome;
    }

    private static void checkRefusal(BadResponseException e) {
        assertTrue(e.reason().matches("[a-z0-9]+(_[a-z0-9]+)*"), e.toString());
        assertFalse(e.reason().contains("request"), e.toString());
    }

    private static void checkInvariants(ResponseHead h, int inputBytes) {
        assertTrue(h.headBytes() <= inputBytes, "headBytes exceeds the input");
        assertTrue(h.status() >= 100 && h.status() <= 599, "status " + h.status());
        assertTrue(Http1Interim.relayable(h.status()), "status " + h.status());
        assertTrue(h.version().equals("HTTP/1.1") || h.version().equals("HTTP/1.0"), h.version());
        for (HeaderFields.Field f : h.headers()) {
            assertTrue(!f.name().isEmpty() && f.name().chars().allMatch(c -> TCHARS.indexOf(c) >= 0), f.name());
            String v = f.value();
            assertTrue(v.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7F && c <= 0xFF)), v);
            assertEquals(Http1HeadPropertiesTest.trimOws(v), v);
        }
        boolean te = h.headers().contains("Transfer-Encoding");
        boolean cl = h.headers().contains("Content-Length");
        switch (h.framing()) {
            case FIXED -> {
                assertFalse(te, "FIXED with Transfer-Encoding");
                assertTrue(cl && h.contentLength() >= 0);
            }
            case CHUNKED -> {
                assertFalse(cl, "CHUNKED with Content-Length");
                assertTrue(te && h.isHttp11());
            }
            case CLOSE_DELIMITED -> {
                assertFalse(te || cl);
                assertFalse(h.keepAlive());
            }
            case NONE -> assertEquals(-1, h.contentLength());
        }
        if (h.interim()) {
            assertEquals(Framing.NONE, h.framing());
        }
        if (h.keepAlive() && h.headers().hasToken("Connection", "close")) {
            throw new AssertionError("keepAlive despite Connection: close");
        }
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
