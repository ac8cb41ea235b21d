package io.flowstate.harness.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny blocking HTTP/1.1 server on loopback for the load generator's tests: one virtual thread
 * per connection, requests read up to the blank line, answers chosen by a {@link Behaviour}.
 * It counts accepted connections, requests, and requests that asked to close.
 */
final class TestServer implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    interface Behaviour {
        /**
         * @param n      the request's number on this server, from 0, over all connections
         * @param socket the connection
         * @param out    its output stream
         * @return false to close the connection after this answer
         */
        boolean respond(int n, Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final AtomicInteger accepts = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closeRequests = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private TestServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("test-server-accept").start(this::acceptLoop);
    }

    static TestServer start(Behaviour behaviour) throws IOException {
        return new TestServer(behaviour);
    }

    /** Always answers 200 with a two-byte body and {@code X-Backend: name} (none when name is null). */
    static TestServer ok(String name) throws IOException {
        byte[] response = ok200(name);
        return start((n, socket, out) -> {
            out.write(response);
            return true;
        });
    }

    static byte[] ok200(String backend) {
        return ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + (backend == null ? "" : "X-Backend: " + backend + "\r\n") + "\r\nok");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    int accepts() {
        return accepts.get();
    }

    int requests() {
        return requests.get();
    }

    int closeRequests() {
        return closeRequests.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                accepts.incrementAndGet();
                sockets.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int n = requests.getAndIncrement();
                boolean close = head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
                if (close) {
                    closeRequests.incrementAndGet();
                }
                if (!behaviour.respond(n, socket, out) || close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        } finally {
            sockets.remove(socket);
        }
    }

    /** The request head up to and including the blank line, or null at end of input. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
