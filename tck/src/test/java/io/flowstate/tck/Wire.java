package io.flowstate.tck;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimal, deliberately literal HTTP/1.1 reading for the suite's own client and backends:
 * no normalisation, so a test sees exactly the bytes the proxy produced.
 */
final class Wire {
    private Wire() {
    }

    /** One field line as it came, name case kept. */
    record Field(String name, String value) {
        boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    /** A message head: the start line and the field lines in order. */
    record Head(String startLine, List<Field> fields) {
        String first(String name) {
            for (Field f : fields) {
                if (f.is(name)) {
                    return f.value();
                }
            }
            return null;
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (Field f : fields) {
                if (f.is(name)) {
                    out.add(f.value());
                }
            }
            return out;
        }

        boolean has(String name) {
            return first(name) != null;
        }

        boolean chunked() {
            String te = first("Transfer-Encoding");
            return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
        }

        long contentLength() {
            String cl = first("Content-Length");
            return cl == null ? -1 : Long.parseLong(cl.trim());
        }
    }

    /** Reads one line up to LF and strips CRLF; null at a clean end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        if (line.size() == 0) {
            return null;
        }
        throw new EOFException("stream ended inside a line: " + line);
    }

    /** Reads a head; null when the stream ended before its first byte. */
    static Head readHead(InputStream in) throws IOException {
        String start = readLine(in);
        if (start == null) {
            return null;
        }
        List<Field> fields = new ArrayList<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            fields.add(new Field(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        if (line == null) {
            throw new EOFException("stream ended inside a head after " + start);
        }
        return new Head(start, fields);
    }

    static byte[] readExactly(InputStream in, long n) throws IOException {
        byte[] out = in.readNBytes((int) n);
        if (out.length < n) {
            throw new EOFException("body ended after " + out.length + " of " + n + " bytes");
        }
        return out;
    }

    /** Reads a chunked body (RFC 9112 7.1) and its trailer section. */
    static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            if (size == null) {
                throw new EOFException("chunked body ended without its last chunk");
            }
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // trailer fields are not needed by the suite
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, n));
            readLine(in);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
