package io.flowstate.core.http1;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generates chunked bodies (RFC 9112 7.1) in every shape a sender may legally produce. */
final class ChunkedBodies {
    private static final String[] EXTENSIONS = {
        ";a", ";a=b", ";name=token-1;flag", " ; x = \"quoted \\\" value\"", ";q=\"\"", "\t;t=\"caf\u00e9\"",
    };

    /**
     * An encoded body followed by unrelated bytes.
     *
     * @param bytes      body then tail
     * @param bodyLength where the body ends within bytes
     * @param payload    the decoded data
     * @param trailers   "name:value" per trailer field, value without surrounding whitespace
     */
    record Encoded(byte[] bytes, int bodyLength, byte[] payload, List<String> trailers) {
        @Override
        public String toString() {
            return "body " + bodyLength + " of " + bytes.length + ": "
                    + new String(bytes, ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
        }
    }

    private ChunkedBodies() {
    }

    static Arbitrary<Encoded> encoded() {
        Arbitrary<List<byte[]>> chunks = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300)
                .list().ofMaxSize(6);
        Arbitrary<String> names = Arbitraries.strings().withChars(Http1HeadPropertiesTest.TCHARS.toCharArray())
                .ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u0080', '\u00ff')
                .withChars('\t').ofMaxLength(20).map(Http1HeadPropertiesTest::trimOws);
        Arbitrary<List<String>> trailers = Combinators.combine(names, values).as((n, v) -> n + ":" + v)
                .list().ofMaxSize(3);
        Arbitrary<byte[]> tails = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
        return Combinators.combine(chunks, trailers, tails, Arbitraries.longs())
                .as(ChunkedBodies::encode);
    }

    static Encoded encode(List<byte[]> chunks, List<String> trailers, byte[] tail, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            String hex = "0".repeat(r.nextInt(3)) + Integer.toHexString(chunk.length);
            write(out, r.nextBoolean() ? hex : hex.toUpperCase());
            write(out, extension(r) + lineEnd(r));
            out.writeBytes(chunk);
            payload.writeBytes(chunk);
            write(out, lineEnd(r));
        }
        write(out, "0".repeat(1 + r.nextInt(2)) + extension(r) + lineEnd(r));
        for (String t : trailers) {
            int colon = t.indexOf(':');
            write(out, t.substring(0, colon + 1) + (r.nextBoolean() ? " " : "") + t.substring(colon + 1) + lineEnd(r));
        }
        write(out, lineEnd(r));
        int bodyLength = out.size();
        out.writeBytes(tail);
        return new Encoded(out.toByteArray(), bodyLength, payload.toByteArray(), new ArrayList<>(trailers));
    }

    private static String extension(Random r) {
        return r.nextInt(3) == 0 ? EXTENSIONS[r.nextInt(EXTENSIONS.length)] : "";
    }

    private static String lineEnd(Random r) {
        return r.nextInt(4) == 0 ? "\n" : "\r\n";
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(ISO_8859_1));
    }
}
