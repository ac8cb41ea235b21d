package io.flowstate.harness.backend;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over one real socket, so tests see exactly the bytes a backend
 * writes. Reads time out after {@link #SAFETY_TIMEOUT_MILLIS} only so that a broken backend
 * fails a test instead of hanging it; no test asserts a time.
 */
final class RawClient implements Closeable {

    static final int SAFETY_TIMEOUT_MILLIS = 20_000;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** One response as read; {@code wireBodyBytes} counts the framing of a chunked body too. */
    record Response(int status, Map<String, String> headers, byte[] body, int wireBodyBytes) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.US_ASCII);
        }
    }

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, SAFETY_TIMEOUT_MILLIS);
        socket.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static String get(String path, String... headers) {
        return request("GET", path, "", headers);
    }

    static String request(String method, String path, String body, String... headers) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").append(body).toString();
    }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    Response exchange(String raw) throws IOException {
        send(raw);
        return read();
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code headOnly} for the answer to a HEAD request. */
    Response read(boolean headOnly) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].equals("HTTP/1.1")) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        if (headOnly || status / 100 == 1) {
            return new Response(status, headers, new byte[0], 0);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int wire = 0;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line();
                if (size == null) {
                    throw new EOFException("connection closed inside a chunked body");
                }
                wire += size.length() + 2;
                int n = Integer.parseInt(size.trim(), 16);
                if (n == 0) {
                    String end = line();
                    wire += 2;
                    if (end == null || !end.isEmpty()) {
                        throw new IOException("expected the end of the chunked body, found " + end);
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                wire += n;
                String crlf = line();
                wire += 2;
                if (crlf == null || !crlf.isEmpty()) {
                    throw new IOException("expected CRLF after a chunk, found " + crlf);
                }
            }
        } else {
            int n = Integer.parseInt(headers.get("content-length"));
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException("connection closed after " + b.length + " of " + n + " body bytes");
            }
            body.write(b);
            wire = n;
        }
        return new Response(status, headers, body.toByteArray(), wire);
    }

    /** Whether the peer has closed: the next read sees the end of the stream (or a reset). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    /** Every byte until the stream ends; a reset ends it too, and is reported in {@code reset}. */
    record Drained(byte[] bytes, boolean reset) {
    }

    Drained drain() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
            return new Drained(all.toByteArray(), false);
        } catch (SocketException e) {
            return new Drained(all.toByteArray(), true);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
