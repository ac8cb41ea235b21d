package io.flowstate.core.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderFieldsTest {

    /** The lines as {@code name: value}, each added from the bytes of {@code "name: value\r\n"} lines. */
    static HeaderFields raw(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        byte[] src = sb.toString().getBytes(ISO_8859_1);
        HeaderFields h = new HeaderFields();
        int at = 0;
        for (String l : lines) {
            int colon = l.indexOf(':');
            int vs = colon + 1;
            while (vs < l.length() && l.charAt(vs) == ' ') {
                vs++;
            }
            h.addRaw(src, at, colon, at + vs, l.length() - vs);
            at += l.length() + 2;
        }
        return h;
    }

    private static List<String> lines(HeaderFields h) {
        List<String> out = new ArrayList<>();
        for (HeaderFields.Field f : h) {
            out.add(f.name() + ": " + f.value());
        }
        return out;
    }

    private static String written(HeaderFields h) {
        ByteBuffer out = ByteBuffer.allocate(h.encodedLength());
        h.writeTo(out);
        assertEquals(0, out.remaining(), "encodedLength is what writeTo writes");
        return new String(out.array(), ISO_8859_1);
    }

    @Test
    void aRawFieldReadsAsItsBytes() {
        HeaderFields h = raw("Host: example.com", "X-Trace: caf\u00e9 \u00ff", "accept: */*");
        assertEquals(List.of("Host: example.com", "X-Trace: caf\u00e9 \u00ff", "accept: */*"), lines(h));
        assertEquals("example.com", h.first("host"));
        assertEquals("caf\u00e9 \u00ff", h.first("x-trace"));
        assertEquals("*/*", h.first("ACCEPT"));
        assertEquals(1, h.count("X-TRACE"));
        assertTrue(h.contains("Accept"));
        assertFalse(h.contains("Cookie"));
        assertNull(h.first("X-Other"));
    }

    @Test
    void aRawFieldKeepsItsSpellingAndSharesTheCommonOnes() {
        HeaderFields h = raw("hOsT: a", "Content-Length: 0", "content-type: text/plain");
        List<HeaderFields.Field> f = new ArrayList<>();
        h.iterator().forEachRemaining(f::add);
        assertEquals("hOsT", f.get(0).name());
        assertTrue(f.get(0).is("Host"));
        assertSame("Content-Length", f.get(1).name());
        assertSame(f.get(2).name(), raw("content-type: x").iterator().next().name());
    }

    @Test
    void aFieldIsEqualToItsTextWhereverItCameFrom() {
        HeaderFields.Field text = new HeaderFields.Field("X-A", "1");
        HeaderFields.Field bytes = raw("X-A: 1").iterator().next();
        assertEquals(text, bytes);
        assertEquals(text.hashCode(), bytes.hashCode());
        assertEquals("Field[name=X-A, value=1]", bytes.toString());
        assertNotEquals(new HeaderFields.Field("x-a", "1"), text, "names compare as Strings, as a record's do");
    }

    @Test
    void presenceBitsFollowAddsAndRemoves() {
        long host = HeaderFields.bit("Host");
        long te = HeaderFields.bit("te");
        assertNotEquals(0, host);
        assertEquals(HeaderFields.bit("TE"), te);
        assertEquals(0, HeaderFields.bit("X-Not-Well-Known"));

        HeaderFields h = new HeaderFields().add("host", "a").add("TE", "trailers").add("X-A", "1").add("Te", "x");
        assertEquals(host | te, h.presence());
        assertTrue(h.remove("tE"));
        assertEquals(host, h.presence(), "both TE lines went, and the bit with them");
        assertEquals(List.of("host: a", "X-A: 1"), lines(h));
        assertFalse(h.remove("TE"));
        h.removeIf(f -> f.is("Host"));
        assertEquals(0, h.presence());
        h.set("Host", "b");
        assertTrue(h.containsAny(host | te));
    }

    @Test
    void removeAllTakesEveryLineOfTheBitsInOnePass() {
        HeaderFields h = raw("Connection: close", "Host: a", "Upgrade: x", "X-A: 1", "connection: y");
        assertTrue(h.removeAll(HeaderFields.bit("Connection") | HeaderFields.bit("Upgrade")));
        assertEquals(List.of("Host: a", "X-A: 1"), lines(h));
        assertFalse(h.removeAll(HeaderFields.bit("Connection")));
    }

    @Test
    void removeListedReadsTheTokensInPlace() {
        // Well-known tokens, an unknown one, a blank member, odd whitespace and case.
        HeaderFields h = raw("Host: a", "X-Session: 1", "Connection: keep-alive,  X-SESSION ,, te",
                "Keep-Alive: timeout=5", "TE: trailers", "X-Kept: 2", "x-session: 3");
        assertTrue(h.removeListed("Connection", HeaderFields.bit("Connection")));
        assertEquals(List.of("Host: a", "X-Kept: 2"), lines(h));
    }

    @Test
    void removeListedBeyondAsciiFallsBackToStrings() {
        // U+212A KELVIN SIGN folds to 'k' under String.equalsIgnoreCase.
        HeaderFields h = new HeaderFields().add("Connection", "\u212Aeep-Alive").add("Keep-Alive", "1").add("X", "2");
        assertTrue(h.removeListed("Connection", HeaderFields.bit("Connection")));
        assertEquals(List.of("X: 2"), lines(h));
    }

    @Test
    void hasTokenSplitsAtCommasAndStripsWhitespace() {
        HeaderFields h = raw("Connection: keep-alive , Upgrade", "connection: \tclose");
        assertTrue(h.hasToken("Connection", "upgrade"));
        assertTrue(h.hasToken("CONNECTION", "CLOSE"));
        assertTrue(h.hasToken("Connection", "Keep-Alive"));
        assertFalse(h.hasToken("Connection", "keep"));
        assertFalse(h.hasToken("Upgrade", "close"));
        assertEquals(List.of("keep-alive", "upgrade", "close"), h.tokens("Connection"));
    }

    @Test
    void aCopySharesItsLinesUntilEitherChanges() {
        HeaderFields original = raw("Host: a", "X-A: 1");
        HeaderFields copy = original.copy();
        copy.add("X-B", "2");
        copy.remove("X-A");
        original.set("Host", "changed");
        assertEquals(List.of("X-A: 1", "Host: changed"), lines(original));
        assertEquals(List.of("Host: a", "X-B: 2"), lines(copy));
        HeaderFields second = copy.copy();
        second.removeIf(f -> true);
        assertEquals(2, copy.size());
        assertEquals(0, second.size());
        assertEquals(0, second.presence());
    }

    @Test
    void setOfAFieldReplacesEveryLineOfItsName() {
        HeaderFields.Field id = new HeaderFields.Field("X-Request-Id", "abc");
        HeaderFields a = new HeaderFields().add("x-request-id", "1").add("Host", "h").add("X-REQUEST-ID", "2");
        HeaderFields b = new HeaderFields().add("X-Custom", "1");
        a.set(id);
        b.set(id).set(new HeaderFields.Field("x-custom", "2"));
        assertEquals(List.of("Host: h", "X-Request-Id: abc"), lines(a));
        assertEquals(List.of("X-Request-Id: abc", "x-custom: 2"), lines(b));
    }

    @Test
    void writeToWritesRawLinesAsTheirBytesAndTextAsLatin1() {
        HeaderFields h = raw("hOsT: example.com", "X-V: caf\u00e9");
        h.add("Via", "1.1 flowstate").add("x-other", "\u00ff");
        assertEquals("hOsT: example.com\r\nX-V: caf\u00e9\r\nVia: 1.1 flowstate\r\nx-other: \u00ff\r\n", written(h));
        ByteBuffer direct = ByteBuffer.allocateDirect(h.encodedLength());
        h.writeTo(direct);
        assertEquals(0, direct.remaining());
    }

    @Test
    void writeToThatDoesNotFitWritesNothing() {
        HeaderFields h = raw("Host: example.com", "X-A: 1");
        ByteBuffer out = ByteBuffer.allocate(h.encodedLength() - 1);
        assertThrows(BufferOverflowException.class, () -> h.writeTo(out));
        assertEquals(0, out.position());
        HeaderFields.Field f = h.iterator().next();
        ByteBuffer small = ByteBuffer.allocate(f.encodedLength() - 1);
        assertThrows(BufferOverflowException.class, () -> f.writeTo(small));
        assertEquals(0, small.position());
    }

    @Test
    void getReadsTheLinesInOrder() {
        HeaderFields h = raw("Host: a").add("X-A", "1");
        assertEquals("Host", h.get(0).name());
        assertEquals("1", h.get(1).value());
        assertThrows(IndexOutOfBoundsException.class, () -> h.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> h.get(-1));
    }

    @Test
    void addRawChecksItsBounds() {
        byte[] src = "Host: a".getBytes(ISO_8859_1);
        HeaderFields h = new HeaderFields();
        assertThrows(IndexOutOfBoundsException.class, () -> h.addRaw(src, 0, 4, 6, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> h.addRaw(src, -1, 4, 6, 1));
        assertEquals(0, h.size());
    }

    @Test
    void manyLinesStillRemoveInOnePass() {
        HeaderFields h = new HeaderFields();
        for (int i = 0; i < 100; i++) {
            h.add(i % 3 == 0 ? "Connection" : "X-" + i, Integer.toString(i));
        }
        h.add("Connection", "X-1, X-2");
        assertTrue(h.removeListed("Connection", HeaderFields.bit("Connection")));
        assertEquals(100 - 34 - 2, h.size());
        assertFalse(h.contains("X-1"));
        assertTrue(h.contains("X-4"));
        assertTrue(h.removeIf(f -> f.name().endsWith("5")));
        assertFalse(h.contains("X-95"));
    }
}
