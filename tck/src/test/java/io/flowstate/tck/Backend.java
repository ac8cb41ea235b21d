package io.flowstate.tck;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 backend on raw sockets whose every answer is scripted by the test,
 * so the suite can see exactly what the proxy sent and make the backend misbehave at will
 * (hang, reset, stream slowly, answer without a body). Keep-alive: it serves requests on a
 * connection until the script closes it or the peer does.
 */
final class Backend implements AutoCloseable {

    /** What the backend does with one request. */
    @FunctionalInterface
    interface Script {
        void serve(Call call) throws Exception;
    }

    /** What a backend saw: the head, and the body once it was read. */
    record Received(Wire.Head head, byte[] body) {
        String method() {
            return head.startLine().split(" ", 3)[0];
        }

        String target() {
            return head.startLine().split(" ", 3)[1];
        }

        String bodyText() {
            return Wire.text(body);
        }
    }

    /** One request on one backend connection. */
    static final class Call {
        final Wire.Head head;
        final InputStream in;
        final OutputStream out;
        private byte[] body;
        private boolean close;

        Call(Wire.Head head, InputStream in, OutputStream out) {
            this.head = head;
            this.in = in;
            this.out = out;
        }

        /** Reads (once) and returns the request body as its framing says. */
        byte[] body() throws IOException {
            if (body == null) {
                if (head.chunked()) {
                    body = Wire.readChunked(in);
                } else if (head.contentLength() > 0) {
                    body = Wire.readExactly(in, head.contentLength());
                } else {
                    body = new byte[0];
                }
            }
            return body;
        }

        /** Writes raw bytes and flushes. */
        void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** A complete response with Content-Length; extra fields as name, value pairs. */
        void respond(int status, String body, String... fields) throws IOException {
            body();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
            for (int i = 0; i < fields.length; i += 2) {
                sb.append(fields[i]).append(": ").append(fields[i + 1]).append("\r\n");
            }
            sb.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
            // One write: head and body in separate segments meet Nagle and delayed ACKs.
            byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] whole = java.util.Arrays.copyOf(head, head.length + bytes.length);
            System.arraycopy(bytes, 0, whole, head.length, bytes.length);
            out.write(whole);
            out.flush();
        }

        /** Blocks until the proxy closes this connection (read returns end of stream or fails). */
        void awaitPeerClose() {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (IOException closed) {
                // a reset is a close too
            }
        }

        /** Closes the connection after this script returns. */
        void closeAfter() {
            close = true;
        }
    }

    private final ServerSocket listener;
    private final Script script;
    private final BlockingQueue<Wire.Head> heads = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Backend(Script script, int port) throws IOException {
        this.script = script;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);                       // a port reopened after close may have TIME_WAIT peers
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Thread.ofVirtual().name("tck-backend-accept").start(this::acceptLoop);
    }

    static Backend start(Script script) throws IOException {
        return new Backend(script, 0);
    }

    /**
     * A backend on a given loopback port: one that comes back where an earlier one, now
     * closed, used to listen (a backend that restarts, as the proxy sees it).
     */
    static Backend start(int port, Script script) throws IOException {
        return new Backend(script, port);
    }

    /** A backend that answers 200 with the request's method and target as its body. */
    static Backend echo() throws IOException {
        return start(call -> call.respond(200, call.head.startLine()));
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code host:port} as the proxy names this backend (in health events, for instance). */
    String hostPort() {
        return "127.0.0.1:" + port();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** How many connections the backend has accepted so far. */
    int connections() {
        return connections.get();
    }

    /** The next head the backend read, waiting up to 10 s; fails when none came. */
    Wire.Head nextHead() throws InterruptedException {
        Wire.Head h = heads.poll(10, TimeUnit.SECONDS);
        if (h == null) {
            throw new AssertionError("the backend received no request");
        }
        return h;
    }

    /** The next request the backend served completely, waiting up to 10 s. */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the backend served no request");
        }
        return r;
    }

    /** Every head received so far, without waiting. */
    List<Wire.Head> headsSoFar() {
        return List.copyOf(heads);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                connections.incrementAndGet();
                s.setTcpNoDelay(true);
                open.add(s);
                Thread.ofVirtual().name("tck-backend-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                Wire.Head head = Wire.readHead(in);
                if (head == null || closed) {
                    return;                                   // closed: as if the backend were gone
                }
                heads.add(head);
                Call call = new Call(head, in, out);
                script.serve(call);
                if (s.isClosed()) {
                    return;
                }
                received.add(new Received(head, call.body()));
                if (call.close || "close".equalsIgnoreCase(head.first("Connection"))) {
                    return;
                }
            }
        } catch (Exception e) {
            // the proxy closed the connection, or the script ended it
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;                                        // a connection accepted from here on is not served
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
