package io.flowstate.engine.jdk;

import io.flowstate.core.http.Cancellation;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.ChunkedScanner;
import io.flowstate.core.http1.Framing;
import io.flowstate.core.http1.Http1RequestRules;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.proxy.ProxyErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of the JDK engine, guarded.
 *
 * <p>Why a guard: {@code HttpServer} parses leniently (it folds obs-fold lines into the
 * value, ends a line at a bare CR, and rejects request-targets that {@link java.net.URI}
 * dislikes), and it never tells a handler that its client went away. So the guard owns
 * the client socket: it reads each request head, validates it with the core's
 * {@link Http1RequestRules}, answers violations itself (400/431/413/501/505, then
 * closes), and relays the request to the engine's loopback {@code HttpServer} over one
 * inner connection per client connection. The head the handler uses is the guard's
 * strict parse ({@link PendingHead}), so names, order and the target keep their bytes;
 * {@code HttpServer} still frames bodies, answers 100-continue and writes responses.
 *
 * <p>Two threads (virtual) per connection: this one reads client to server and finds
 * request boundaries ({@link ChunkedScanner} for chunked bodies); the pump copies the
 * server's responses to the client. Either side's end closes both.
 */
final class GuardedConnection implements Runnable {
    private static final int READ_CHUNK_BYTES = 16 * 1024;
    private static final long REJECT_FLUSH_WAIT_MILLIS = 30_000;

    private final Socket client;
    private final JdkIngress ingress;
    private final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean answering;   // response bytes read from the inner connection, not yet written
    private final ConcurrentLinkedQueue<PendingHead> heads = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private int inFlight;                 // guarded by lock: heads relayed whose exchange has not ended
    private Exchange current;             // guarded by lock
    private boolean gone;                 // guarded by lock: the client went away
    private int filled;                   // bytes read ahead in the guard's buffer (guard thread only)
    private volatile Socket inner;
    private volatile Thread pump;
    private volatile PendingHead relaying;   // the head whose body is being relayed now, or null
    private volatile boolean rejecting;
    private volatile boolean closed;

    GuardedConnection(Socket client, JdkIngress ingress) {
        this.client = client;
        this.ingress = ingress;
    }

    InetSocketAddress clientAddress() {
        return (InetSocketAddress) client.getRemoteSocketAddress();
    }

    /** The next head relayed on this connection, in order, or null. */
    PendingHead nextHead() {
        return heads.poll();
    }

    @Override
    public void run() {
        try {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(ingress.innerAddress());
            inner = s;
            ingress.register(s.getLocalPort(), this);
            pump = Thread.ofVirtual().name("flowstate-jdk-pump").start(this::pumpResponses);
            relayRequests();
        } catch (BadRequestException e) {
            PendingHead bodyOf = relaying;
            if (bodyOf != null) {
                refuseBody(bodyOf, e);
            } else {
                reject(e.status(), e.reason());
            }
        } catch (IOException e) {
            if (!closed) {
                clientGone();                             // not our own close() after a finished response
            }
        } finally {
            close();
        }
    }

    private void relayRequests() throws IOException, BadRequestException {
        int maxHead = ingress.settings().maxHeaderBytes();
        long maxBody = ingress.settings().maxBodyBytes();
        byte[] buf = new byte[Math.max(maxHead + 1024, READ_CHUNK_BYTES)];
        InputStream in = client.getInputStream();
        OutputStream toServer = inner.getOutputStream();
        long headTimeoutNanos = ingress.settings().idleTimeout().toNanos();
        while (!closed) {
            int end;
            long headStart = filled > 0 ? System.nanoTime() : 0;
            while ((end = Http1RequestRules.findHeadEnd(buf, 0, filled, maxHead)) < 0) {
                if (filled == buf.length) {
                    throw new BadRequestException(431, "header_too_large", "head exceeds " + maxHead + " bytes");
                }
                if (headStart != 0 && System.nanoTime() - headStart > headTimeoutNanos) {
                    // RFC 9110 15.5.9: a head trickled in slower than timeouts.idle allows.
                    throw new BadRequestException(408, "request_header_timeout", "head not complete in time");
                }
                if (read(in, buf, filled, buf.length - filled) < 0) {
                    return;
                }
                if (headStart == 0 && filled > 0) {
                    headStart = System.nanoTime();
                }
            }
            long start = System.nanoTime();
            RequestHead head = Http1RequestRules.parse(buf, 0, end);
            if (head.framing() == Framing.FIXED && maxBody >= 0 && head.contentLength() > maxBody) {
                throw new BadRequestException(413, "body_too_large",
                        "Content-Length " + head.contentLength() + " exceeds " + maxBody);
            }
            synchronized (lock) {
                inFlight++;
            }
            ingress.requestStarted();
            PendingHead pending = new PendingHead(head, start);
            heads.add(pending);
            writeHead(toServer, head, buf, end);
            consume(buf, end);
            relaying = pending;
            if (head.framing() == Framing.FIXED) {
                relayFixed(in, toServer, buf, head.contentLength());
            } else if (head.framing() == Framing.CHUNKED) {
                relayChunked(in, toServer, buf, maxBody);
            }
            relaying = null;
            toServer.flush();
        }
    }

    /**
     * The request line HttpServer sees is {@code METHOD / VERSION}: the real target travels
     * in the {@link PendingHead}, so HttpServer's URI parsing can neither reject nor
     * rewrite it. The field lines go on byte for byte.
     */
    private static void writeHead(OutputStream out, RequestHead head, byte[] buf, int end) throws IOException {
        int i = 0;
        while (i < end && (buf[i] == '\r' || buf[i] == '\n')) {
            i++;                                          // RFC 9112 2.2: empty lines before the request-line
        }
        while (i < end && buf[i] != '\n') {
            i++;
        }
        out.write((head.method() + " / " + head.version() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(buf, i + 1, end - i - 1);
    }

    private void relayFixed(InputStream in, OutputStream out, byte[] buf, long length)
            throws IOException, BadRequestException {
        long remaining = length;
        while (remaining > 0) {
            if (filled == 0 && read(in, buf, 0, (int) Math.min(buf.length, remaining)) < 0) {
                throw new IOException("client closed mid-body");
            }
            int take = (int) Math.min(filled, remaining);
            out.write(buf, 0, take);
            consume(buf, take);
            remaining -= take;
        }
    }

    private void relayChunked(InputStream in, OutputStream out, byte[] buf, long maxBody)
            throws IOException, BadRequestException {
        ChunkedScanner scanner = new ChunkedScanner();
        while (true) {
            if (filled > 0) {
                int n = scanner.scan(buf, 0, filled);
                if (maxBody >= 0 && scanner.dataBytes() > maxBody) {
                    throw new BadRequestException(413, "body_too_large", "chunked body exceeds " + maxBody + " bytes");
                }
                out.write(buf, 0, n);
                consume(buf, n);
                if (scanner.isDone()) {
                    return;
                }
            }
            if (read(in, buf, filled, buf.length - filled) < 0) {
                throw new IOException("client closed mid-body");
            }
        }
    }

    /**
     * Reads more bytes after {@code filled}. A read timeout ({@code timeouts.idle}) while no
     * request is in flight ends the connection: quietly when nothing was received (the
     * keep-alive idle timeout), with 408 when a head was only partly received.
     */
    private int read(InputStream in, byte[] buf, int off, int len) throws IOException, BadRequestException {
        while (true) {
            try {
                int n = in.read(buf, off, len);
                if (n > 0) {
                    filled = off + n;
                }
                return n;
            } catch (SocketTimeoutException e) {
                synchronized (lock) {
                    if (inFlight == 0) {
                        if (filled == 0 || relaying != null) {
                            return -1;                    // idle, or a body stalled after its answer
                        }
                        throw new BadRequestException(408, "request_header_timeout", "head not complete in time");
                    }
                }
            }
        }
    }

    private void consume(byte[] buf, int n) {
        System.arraycopy(buf, n, buf, 0, filled - n);
        filled -= n;
    }

    private void pumpResponses() {
        byte[] buf = new byte[READ_CHUNK_BYTES];
        try (InputStream in = inner.getInputStream()) {
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                answering = true;                             // bytes of a response between the two sockets
                out.write(buf, 0, n);
                answering = false;
            }
        } catch (IOException e) {
            if (!rejecting) {
                clientGone();
            }
        } finally {
            if (!rejecting) {
                close();
            }
        }
    }

    /** The handler's exchange began; cancels it at once if the client has gone already. */
    void begin(Exchange exchange) {
        boolean cancel;
        synchronized (lock) {
            current = exchange;
            cancel = gone;
        }
        if (cancel) {
            exchange.cancellation().cancel(Cancellation.CLIENT_CLOSED);
        }
    }

    /** The handler's exchange ended (response written, or failed). */
    void end(Exchange exchange) {
        synchronized (lock) {
            if (current == exchange) {
                current = null;
            }
            inFlight--;
        }
        ingress.requestEnded(1);
    }

    /** The client went away or broke: cancel what is in flight and close. */
    private void clientGone() {
        Exchange toCancel;
        synchronized (lock) {
            gone = true;
            toCancel = current;
        }
        if (toCancel != null) {
            toCancel.cancellation().cancel(Cancellation.CLIENT_CLOSED);
        }
        close();
    }

    /**
     * Answers a request the guard refused, after the responses already in flight on this
     * connection have reached the client (HTTP/1.1 answers in order), then closes.
     */
    private void reject(int status, String reason) {
        rejecting = true;
        try {
            Socket s = inner;
            if (s != null) {
                s.shutdownOutput();                       // HttpServer finishes what it has, then closes
            }
            Thread p = pump;
            if (p != null) {
                p.join(REJECT_FLUSH_WAIT_MILLIS);
            }
            byte[] body = ProxyErrors.body(status, reason, null).getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + JdkIngress.reasonPhrase(status) + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";      // RFC 9112 9.6: we close after this response
            OutputStream out = client.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            client.shutdownOutput();
            // Read what the client still sends for a moment so that closing does not reset
            // the connection before the error reached it (RFC 9112 9.6, "lingering close").
            client.setSoTimeout(1000);
            InputStream in = client.getInputStream();
            byte[] sink = new byte[4096];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (in.read(sink) >= 0 && System.nanoTime() < deadline) {
                // discard
            }
        } catch (IOException e) {
            // the client is gone already; nothing more to tell it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The body of a request whose head already went on turned out bad. HTTP/1.1 allows one
     * response per request, and the handler owns that one: the exchange is cancelled with
     * the refusal (the core answers 400 or 413 if no response head was chosen yet), the
     * inner connection sees the body end, the answers in flight reach the client, and the
     * connection closes (RFC 9112 6.3: the framing can no longer be trusted).
     */
    private void refuseBody(PendingHead bodyOf, BadRequestException e) {
        bodyOf.reject(Cancellation.bodyRejected(e.status(), e.reason()));
        try {
            Socket s = inner;
            if (s != null) {
                s.shutdownOutput();
            }
            Thread p = pump;
            if (p != null) {
                p.join(REJECT_FLUSH_WAIT_MILLIS);
            }
        } catch (IOException ignored) {
            // the inner connection is gone already: close() below ends the rest
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the connection if no request is in flight on it and no response is on its way
     * to the client (drain). A handler counts its request as ended once it has written the
     * response to the inner connection; the bytes may still be in the inner socket or in
     * this guard's hands, and closing then would cut them.
     */
    void closeIfIdle() {
        synchronized (lock) {
            if (inFlight > 0 || filled > 0) {
                return;
            }
        }
        if (responsePending()) {
            return;
        }
        close();
    }

    /** Whether response bytes are between the handler and the client. */
    private boolean responsePending() {
        if (answering) {
            return true;
        }
        Socket s = inner;
        try {
            return s != null && !s.isClosed() && s.getInputStream().available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this connection has closed. */
    boolean isClosed() {
        return closed;
    }

    /** Closes both sides at once; the client sees a truncated response if one was under way. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (counted.compareAndSet(false, true)) {
            ingress.settings().connections().closed();         // once, even if two threads get here
        }
        Socket s = inner;
        if (s != null) {
            ingress.unregister(s.getLocalPort(), this);
            closeQuietly(s);
        }
        closeQuietly(client);
        int orphans = 0;
        while (heads.poll() != null) {
            orphans++;                                    // relayed, but no handler will ever take them
        }
        if (orphans > 0) {
            synchronized (lock) {
                inFlight -= orphans;
            }
            ingress.requestEnded(orphans);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
