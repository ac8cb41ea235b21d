package io.flowstate.engine.jdk;

import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.ChunkedScanner;
import io.flowstate.core.http1.Framing;
import io.flowstate.core.http1.Http1RequestRules;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.http1.Refusals;
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
 * <p>Threads, and what each owns:
 * <ul>
 *   <li>the <b>guard</b> (this runnable, a virtual thread): the client socket's input, the
 *       read buffer ({@code filled}, {@code relaying}) and the inner socket's output; it reads
 *       client to server and finds request boundaries ({@link ChunkedScanner} for chunked
 *       bodies);</li>
 *   <li>the <b>pump</b> (a virtual thread): the inner socket's input and the client socket's
 *       output; it copies the server's responses to the client;</li>
 *   <li><b>handler</b> threads ({@link ExchangeHandler}): {@link #begin} and {@link #end} of
 *       their exchange;</li>
 *   <li>the <b>drain</b> thread: {@link #closeIfIdle}.</li>
 * </ul>
 * Everything one of them must learn from another is in {@link #state} (one atomic int:
 * flags and the count of requests in flight) or {@link #current} (an atomic reference);
 * the other fields are written once before the threads that read them start, or belong to
 * one thread alone.
 *
 * <p>Closing an idle connection during a drain must not cut a response whose last bytes
 * the pump has read but not yet written. So the drain never closes the client socket
 * itself: {@link #closeIfIdle} sets {@code CLOSING} (only while the pump is blocked in a
 * read, no request is in flight and no partial head is held) and closes the inner socket;
 * the pump, woken by that, writes whatever it still holds, then closes the connection.
 * Either side's end closes both.
 */
final class GuardedConnection implements Runnable {
    private static final int READ_CHUNK_BYTES = 16 * 1024;
    private static final long REJECT_FLUSH_WAIT_MILLIS = 30_000;

    /*
     * state: bits 0-7 are flags, bits 8 and up the number of requests relayed whose exchange
     * has not ended (in flight).
     */
    /** {@link #close()} ran (set once; the thread that set it does the closing). */
    private static final int CLOSED = 1;
    /** The client went away or broke. */
    private static final int GONE = 1 << 1;
    /** The guard is answering a refusal itself; the pump must not close when the server side ends. */
    private static final int REJECTING = 1 << 2;
    /** The guard holds bytes of a request head not yet complete. */
    private static final int PARTIAL_HEAD = 1 << 3;
    /** The pump is blocked reading the inner socket, holding no response bytes. */
    private static final int PUMP_WAITING = 1 << 4;
    /** A drain asked the pump to close once it has written what it holds. */
    private static final int CLOSING = 1 << 5;
    private static final int IN_FLIGHT_UNIT = 1 << 8;

    private final Socket client;
    private final JdkIngress ingress;
    private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
    /** The exchange a handler is serving now, or null. */
    private final java.util.concurrent.atomic.AtomicReference<Exchange> current =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final ConcurrentLinkedQueue<PendingHead> heads = new ConcurrentLinkedQueue<>();
    private int filled;                   // guard only: bytes read ahead in the guard's buffer
    private PendingHead relaying;         // guard only: the head whose body is being relayed now, or null
    private volatile Socket inner;        // written by the guard before the pump starts and before register()
    private volatile Thread pump;

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

    private boolean has(int flag) {
        return (state.get() & flag) != 0;
    }

    private void set(int flag) {
        state.getAndUpdate(s -> s | flag);
    }

    private void clear(int flag) {
        state.getAndUpdate(s -> s & ~flag);
    }

    private static int inFlight(int s) {
        return s >>> 8;
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
            if (!has(CLOSED | CLOSING)) {
                clientGone();                             // end of stream: the client left (or closed when idle)
            }
        } catch (BadRequestException e) {
            PendingHead bodyOf = relaying;
            if (bodyOf != null) {
                refuseBody(bodyOf, e);
            } else {
                reject(e.status(), e.reason());
            }
        } catch (IOException e) {
            if (!has(CLOSED | CLOSING)) {
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
        while (!has(CLOSED)) {
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
                set(PARTIAL_HEAD);                        // a drain must not close under a head that is coming
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
            // In flight from here, and no longer a partial head, in one step.
            state.getAndUpdate(st -> (st & ~PARTIAL_HEAD) + IN_FLIGHT_UNIT);
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
            if (filled > 0) {
                set(PARTIAL_HEAD);                        // the start of a pipelined next request
            }
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
                if (inFlight(state.get()) == 0) {
                    if (filled == 0 || relaying != null) {
                        return -1;                        // idle, or a body stalled after its answer
                    }
                    throw new BadRequestException(408, "request_header_timeout", "head not complete in time");
                }
            }
        }
    }

    private void consume(byte[] buf, int n) {
        System.arraycopy(buf, n, buf, 0, filled - n);
        filled -= n;
    }

    /**
     * Copies the server's responses to the client. Before each read the pump says it holds
     * nothing ({@code PUMP_WAITING}); after it, that it holds bytes, unless a drain set
     * {@code CLOSING} meanwhile: then it writes what it holds and closes.
     */
    private void pumpResponses() {
        byte[] buf = new byte[READ_CHUNK_BYTES];
        try (InputStream in = inner.getInputStream()) {
            OutputStream out = client.getOutputStream();
            while (true) {
                set(PUMP_WAITING);
                int n;
                try {
                    n = in.read(buf);
                } finally {
                    clear(PUMP_WAITING);
                }
                if (n > 0) {
                    out.write(buf, 0, n);
                }
                if (n < 0 || has(CLOSING)) {
                    break;
                }
            }
        } catch (IOException e) {
            if (!has(REJECTING | CLOSING | CLOSED)) {
                clientGone();
            }
        } finally {
            if (!has(REJECTING)) {
                close();
            }
        }
    }

    /** The handler's exchange began; cancels it at once if the client has gone already. */
    void begin(Exchange exchange) {
        current.set(exchange);
        if (has(GONE)) {                                  // clientGone() sets GONE, then reads current
            exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED);
        }
    }

    /** The handler's exchange ended (response written, or failed). */
    void end(Exchange exchange) {
        current.compareAndSet(exchange, null);
        state.getAndAdd(-IN_FLIGHT_UNIT);
        ingress.requestEnded(1);
    }

    /** The client went away or broke: cancel what is in flight and close. */
    private void clientGone() {
        set(GONE);
        Exchange toCancel = current.get();
        if (toCancel != null) {
            toCancel.cancellation().cancel(CancelCause.CLIENT_CLOSED);
        }
        close();
    }

    /**
     * Answers a request the guard refused, after the responses already in flight on this
     * connection have reached the client (HTTP/1.1 answers in order), then closes.
     */
    private void reject(int status, String reason) {
        set(REJECTING);
        try {
            Socket s = inner;
            if (s != null) {
                s.shutdownOutput();                       // HttpServer finishes what it has, then closes
            }
            Thread p = pump;
            if (p != null) {
                p.join(REJECT_FLUSH_WAIT_MILLIS);
            }
            OutputStream out = client.getOutputStream();
            out.write(Refusals.bytes(status, reason));        // RFC 9112 9.6: Connection: close, then we close
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
        bodyOf.reject(CancelCause.bodyRejected(e.status(), e.reason()));
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
     * A drain closes this connection if it is idle: no request in flight, no partial head
     * held, and the pump blocked in a read with no response bytes in hand or on their way
     * (a handler counts its request as ended once it has written the response to the inner
     * socket, so what it wrote is in the pump's hands or in the inner socket by then). The
     * pump does the closing ({@code CLOSING}), after writing what its read may have just
     * returned. A head that arrives as the drain closes is lost with the connection, as on
     * any keep-alive connection closed by the server (RFC 9112 9.3.1: the client may retry).
     */
    void closeIfIdle() {
        int s = state.get();
        if (inFlight(s) > 0 || (s & (PARTIAL_HEAD | CLOSED | CLOSING)) != 0 || (s & PUMP_WAITING) == 0
                || responseWaiting()) {
            return;
        }
        if (state.compareAndSet(s, s | CLOSING)) {
            Socket i = inner;
            closeQuietly(i);                              // wakes the pump, which closes the rest
        }
    }

    /** Whether response bytes wait in the inner socket, unread by the pump. */
    private boolean responseWaiting() {
        Socket s = inner;
        try {
            return s == null || s.isClosed() || s.getInputStream().available() > 0;
        } catch (IOException e) {
            return true;                                  // cannot tell: leave it to close by itself
        }
    }

    /** Whether this connection has closed. */
    boolean isClosed() {
        return has(CLOSED);
    }

    /** Closes both sides at once; the client sees a truncated response if one was under way. */
    void close() {
        if ((state.getAndUpdate(s -> s | CLOSED) & CLOSED) != 0) {
            return;                                       // once, even if two threads get here
        }
        ingress.connectionClosed();
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
            state.getAndAdd(-orphans * IN_FLIGHT_UNIT);
            ingress.requestEnded(orphans);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
