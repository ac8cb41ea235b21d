package io.flowstate.engine.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.Http1RequestRules;
import io.flowstate.core.http1.RequestHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The head as a client connection reads it: bytes arrive split anywhere across reads, and
 * the head is found and judged the same whatever the split, in place, with what follows it
 * (a body, a pipelined request) left unread.
 */
class HeadReaderPropertiesTest {
    private static final int MAX_HEAD = 16_384;

    @Provide
    Arbitrary<String> heads() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                .map(n -> "X-" + n);
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30).map(String::strip);
        Arbitrary<List<String>> fields = Combinators.combine(names, values).as((n, v) -> n + ": " + v + "\r\n")
                .list().ofMaxSize(12);
        Arbitrary<String> targets = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(20).map(t -> "/" + t);
        Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH");
        return Combinators.combine(methods, targets, fields).as((m, t, f) ->
                m + " " + t + " HTTP/1.1\r\nHost: example.com\r\n" + String.join("", f) + "\r\n");
    }

    /** Split points for a text of length n: a sorted set of cuts strictly inside it. */
    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 4096).list().ofMaxSize(20);
    }

    @Property(tries = 300)
    void aHeadSplitAnywhereIsFoundWhenItsLastByteArrivesAndNotBefore(@ForAll("heads") String head,
                                                                      @ForAll("cuts") List<Integer> cuts)
            throws Exception {
        byte[] bytes = (head + "NEXT").getBytes(StandardCharsets.ISO_8859_1);    // then a pipelined request
        int headLength = head.length();
        TreeSet<Integer> points = new TreeSet<>();
        for (int c : cuts) {
            points.add(c % bytes.length);
        }
        points.add(bytes.length);
        RequestHead whole = Http1RequestRules.parse(bytes, 0, headLength);
        ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
        in.flip();
        int fed = 0;
        RequestHead found = null;
        for (int point : points) {
            if (point <= fed) {
                continue;
            }
            feed(in, bytes, fed, point - fed);
            fed = point;
            found = HeadReader.next(in, MAX_HEAD, -1);
            if (found == null) {
                assertEquals(true, fed < headLength, "not found although all " + headLength + " bytes came");
            } else {
                assertEquals(true, fed >= headLength, "found after " + fed + " of " + headLength + " bytes");
                break;
            }
        }
        assertNotNull(found);
        assertEquals(whole.method(), found.method());
        assertEquals(whole.target(), found.target());
        assertEquals(whole.headers().toString(), found.headers().toString());
        int rest = in.remaining();
        byte[] after = new byte[rest];
        in.get(after);
        assertEquals(new String(bytes, headLength, fed - headLength, StandardCharsets.ISO_8859_1),
                new String(after, StandardCharsets.ISO_8859_1), "what follows the head stays unread");
    }

    /** As a client connection's fill() does: append to the unread bytes. */
    private static void feed(ByteBuffer in, byte[] src, int off, int len) {
        in.compact();
        in.put(src, off, len);
        in.flip();
    }

    @Test
    void aHeadTrickledOneByteAtATimeIsFoundOnceWhole() throws Exception {
        byte[] head = "GET /a HTTP/1.1\r\nHost: h\r\nX-One: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer in = ByteBuffer.allocate(1024);
        in.flip();
        for (int i = 0; i < head.length - 1; i++) {
            feed(in, head, i, 1);
            assertNull(HeadReader.next(in, 1024, -1), "after " + (i + 1) + " bytes");
        }
        feed(in, head, head.length - 1, 1);
        RequestHead h = HeadReader.next(in, 1024, -1);
        assertEquals("/a", h.target());
        assertEquals(0, in.remaining());
    }

    @Test
    void aHeadWithoutItsEndWithinTheLimitIs431AndALengthOverTheBodyLimitIs413() {
        byte[] endless = ("GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + "v".repeat(2000)).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer in = ByteBuffer.wrap(endless);
        BadRequestException tooLarge = assertThrows(BadRequestException.class, () -> HeadReader.next(in, 1024, -1));
        assertEquals(431, tooLarge.status());
        ByteBuffer big = ByteBuffer.wrap("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        BadRequestException overLimit = assertThrows(BadRequestException.class, () -> HeadReader.next(big, 1024, 100));
        assertEquals(413, overLimit.status());
        assertEquals("body_too_large", overLimit.reason());
    }
}
