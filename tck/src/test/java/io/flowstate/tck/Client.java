package io.flowstate.tck;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection to the proxy on a raw socket: the test writes exactly the bytes it
 * means (malformed ones included) and reads exactly what came back. Every read is bounded
 * by {@link #READ_TIMEOUT_MILLIS} so that a broken engine fails a test instead of hanging it.
 */
final class Client implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 15_000;
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([^\"]*)\"");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]*)\"");

    /** A response as read off the wire. */
    record Reply(int status, Wire.Head head, byte[] body) {
        String header(String name) {
            return head.first(name);
        }

        String text() {
            return Wire.text(body);
        }

        /** The {@code reason} of a proxy-made JSON error body, or null. */
        String reason() {
            Matcher m = REASON.matcher(text());
            return m.find() ? m.group(1) : null;
        }

        /** The {@code requestId} of a proxy-made JSON error body, or null. */
        String errorRequestId() {
            Matcher m = REQUEST_ID.matcher(text());
            return m.find() ? m.group(1) : null;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Client(InetSocketAddress proxy) throws IOException {
        socket = new Socket();
        socket.connect(proxy, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes raw bytes (ISO-8859-1) and flushes. */
    Client send(String raw) throws IOException {
        return send(Wire.ascii(raw));
    }

    Client send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Reads the next final response to a request of {@code method}, skipping 1xx. */
    Reply read(String method) throws IOException {
        while (true) {
            Reply r = readAny(method);
            if (r.status() >= 200) {
                return r;
            }
        }
    }

    /** Reads the next response, interim (1xx) ones included. */
    Reply readAny(String method) throws IOException {
        Wire.Head head = Wire.readHead(in);
        if (head == null) {
            throw new IOException("the proxy closed the connection without a response");
        }
        int status = Integer.parseInt(head.startLine().split(" ", 3)[1]);
        byte[] body;
        if ("HEAD".equals(method) || status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (head.chunked()) {
            body = Wire.readChunked(in);
        } else if (head.contentLength() >= 0) {
            body = Wire.readExactly(in, head.contentLength());
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, head, body);
    }

    /** Reads a head only (the body is left on the connection for the test to read). */
    Wire.Head readHead() throws IOException {
        return Wire.readHead(in);
    }

    InputStream input() {
        return in;
    }

    /** Sends {@code GET target} with a Host field and reads the response. */
    Reply get(String target, String... fields) throws IOException {
        StringBuilder sb = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: test.local\r\n");
        for (int i = 0; i < fields.length; i += 2) {
            sb.append(fields[i]).append(": ").append(fields[i + 1]).append("\r\n");
        }
        return send(sb.append("\r\n").toString()).read("GET");
    }

    /**
     * Whether the proxy has closed this connection: reads until end of stream, a reset, or
     * the read timeout. Any bytes before the end mean the answer is false.
     */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads what is left until the proxy closes, at most the read timeout. */
    byte[] drain() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            in.transferTo(rest);
        } catch (IOException ignored) {
            // a reset ends it too
        }
        return rest.toByteArray();
    }

    /** Closes abruptly, as a client that gives up would. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
