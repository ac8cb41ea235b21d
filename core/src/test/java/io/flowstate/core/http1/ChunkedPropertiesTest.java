package io.flowstate.core.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.http.HeaderFields;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChunkedPropertiesTest {

    @Provide
    Arbitrary<ChunkedBodies.Encoded> bodies() {
        return ChunkedBodies.encoded();
    }

    /** What scanning some input ends with: a position or a rejection. */
    record Outcome(int consumed, boolean done, long dataBytes, int status, String reason) {
    }

    static Outcome scanWhole(byte[] b) {
        ChunkedScanner s = new ChunkedScanner();
        try {
            int n = s.scan(b, 0, b.length);
            return new Outcome(n, s.isDone(), s.dataBytes(), 0, null);
        } catch (BadRequestException e) {
            return new Outcome(-1, false, s.dataBytes(), e.status(), e.reason());
        }
    }

    static Outcome scanSplit(byte[] b, Random random) {
        ChunkedScanner s = new ChunkedScanner();
        int consumed = 0;
        int at = 0;
        try {
            while (at < b.length) {
                int piece = random.nextInt(4) == 0 ? 1 + random.nextInt(b.length - at) : 1 + random.nextInt(Math.min(5, b.length - at));
                int n = s.scan(b, at, piece);
                consumed += n;
                at += piece;
                if (n < piece) {
                    assertTrue(s.isDone(), "scan returned fewer bytes than given but is not done");
                    assertEquals(0, s.scan(b, at, b.length - at), "scan after done");
                    break;
                }
            }
            return new Outcome(consumed, s.isDone(), s.dataBytes(), 0, null);
        } catch (BadRequestException e) {
            return new Outcome(-1, false, s.dataBytes(), e.status(), e.reason());
        }
    }

    @Property(tries = 500)
    void wholeBodyScansToItsEnd(@ForAll("bodies") ChunkedBodies.Encoded body) {
        Outcome o = scanWhole(body.bytes());
        assertEquals(new Outcome(body.bodyLength(), true, body.payload().length, 0, null), o);
    }

    @Property(tries = 1000)
    void bodySplitAtRandomBoundariesScansLikeWhole(@ForAll("bodies") ChunkedBodies.Encoded body, @ForAll Random random) {
        assertEquals(scanWhole(body.bytes()), scanSplit(body.bytes(), random));
    }

    @Property(tries = 2000)
    void mutatedBodySplitScansLikeWholeAndOnlyRejects(@ForAll("bodies") ChunkedBodies.Encoded body,
                                                      @ForAll @IntRange(min = 1, max = 3) int mutations,
                                                      @ForAll Random random) {
        byte[] b = body.bytes();
        for (int i = 0; i < mutations; i++) {
            b = Http1HeadPropertiesTest.mutate(b, random);
        }
        Outcome whole = scanWhole(b);
        Statistics.collect(whole.reason() != null ? whole.reason() : whole.done() ? "done" : "incomplete");
        assertEquals(whole, scanSplit(b, random));
        if (whole.reason() != null) {
            assertTrue(Set.of(400, 431).contains(whole.status()), whole.toString());
        } else {
            assertTrue(whole.consumed() <= b.length);
        }
    }

    @Property(tries = 500)
    void inputStreamDecodesGeneratedBodies(@ForAll("bodies") ChunkedBodies.Encoded body, @ForAll Random random)
            throws IOException {
        ByteArrayInputStream raw = new ByteArrayInputStream(body.bytes());
        ChunkedInputStream in = new ChunkedInputStream(trickle(raw, random));
        assertArrayEquals(body.payload(), readAll(in, random));
        assertTrue(in.isDone());
        assertEquals(body.payload().length, in.dataBytes());
        assertEquals(body.trailers(), Http1HeadPropertiesTest.fieldsOf(in.trailers()));
        assertEquals(body.bytes().length - body.bodyLength(), raw.available(), "read past the end of the body");
    }

    @Property(tries = 500)
    void inputStreamDecodesWhatTheEncoderWrote(@ForAll @Size(max = 2000) byte[] payload,
                                               @ForAll("trailerLists") List<String> trailers,
                                               @ForAll Random random) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ChunkedOutputStream out = new ChunkedOutputStream(wire);
        int at = 0;
        while (at < payload.length) {
            int n = random.nextInt(Math.min(300, payload.length - at) + 1);
            if (n == 1 && random.nextBoolean()) {
                out.write(payload[at]);
            } else {
                out.write(payload, at, n);
            }
            at += n;
        }
        HeaderFields fields = new HeaderFields();
        for (String t : trailers) {
            int colon = t.indexOf(':');
            fields.add(t.substring(0, colon), t.substring(colon + 1));
        }
        out.finish(fields);
        out.close();
        wire.writeBytes(new byte[] {'G', 'E', 'T'});

        byte[] encoded = wire.toByteArray();
        assertEquals(new Outcome(encoded.length - 3, true, payload.length, 0, null), scanWhole(encoded));
        ByteArrayInputStream raw = new ByteArrayInputStream(encoded);
        ChunkedInputStream in = new ChunkedInputStream(raw);
        assertArrayEquals(payload, readAll(in, random));
        assertEquals(trailers, Http1HeadPropertiesTest.fieldsOf(in.trailers()));
        assertEquals(3, raw.available());
    }

    @Provide
    Arbitrary<List<String>> trailerLists() {
        return ChunkedBodies.encoded().map(ChunkedBodies.Encoded::trailers);
    }

    static byte[] readAll(InputStream in, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        while (true) {
            if (random.nextInt(8) == 0) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                out.write(c);
                continue;
            }
            int n = in.read(buf, 0, 1 + random.nextInt(buf.length));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        assertEquals(-1, in.read(), "end of stream is sticky");
        return out.toByteArray();
    }

    /** A stream that hands out at most a few bytes per read, as a socket may. */
    static InputStream trickle(InputStream raw, Random random) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return raw.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return raw.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }
}
