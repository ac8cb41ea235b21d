package io.flowstate.engine.nio;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.BytesBody;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.BadResponseException;
import io.flowstate.core.http1.Framing;
import io.flowstate.core.http1.Http1ResponseRules;
import io.flowstate.core.http1.ResponseHead;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.spi.UpstreamException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to a backend, on one loop, carrying one try at a time: it writes the
 * request (head, then the body as it streams from the client, or from memory), reads the
 * response head with the core's {@link Http1ResponseRules}, completes the try with it, and
 * then is the {@link BodySource} of the response body until its end, when it goes back to
 * its loop's {@link BackendPool} if both sides keep it.
 *
 * <p>What ends a try before its head, and how the core hears it ({@link UpstreamException}):
 * a refused or unreachable connect ({@code CONNECT_FAILED}), a connect slower than
 * {@code timeouts.connect} ({@code CONNECT_TIMEOUT}), the connection ending or breaking
 * before a whole head ({@code RESET}), a head later than the try's timeout
 * ({@code RESPONSE_TIMEOUT}), a head the response rules refuse ({@code PROTOCOL}: a
 * smuggler's two lengths, CL with TE, a 101). A pooled connection that meets its end before
 * any byte of the response came back is likely one its backend had closed while idle: when
 * the request can be sent again (no body, or a body in memory) it is sent once more on a new
 * connection, as Go's {@code Transport} does, and the core sees one try.
 *
 * <p>Cancellation (the client left, the deadline passed) aborts at once: the connection is
 * closed, so the backend sees its client go. Loop thread only.
 */
final class BackendConnection extends Conn implements BodySource, BodySink {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HTTP11 = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final long CONTENT_LENGTH_BIT = HeaderFields.bit("Content-Length");
    private static final long FRAMING_BITS = CONTENT_LENGTH_BIT | HeaderFields.bit("Transfer-Encoding");

    private enum State { CONNECTING, IDLE, REQUEST, BODY, DONE }

    /** The one timer of the connection: connect, response head, or idle in the pool. */
    private final class Timer extends LoopTimer.Node {
        @Override
        void fire() {
            timedOut();
        }
    }

    private final Endpoint endpoint;
    private final String key;
    private final BackendPool pool;
    private final Timer timer = new Timer();
    private State state;
    private long connectStart;

    // the try under way
    private Exchange exchange;
    private Request outbound;
    private CompletableFuture<Response> result;
    private Runnable unhook;
    private long headTimeoutNanos;
    private long headDeadline;
    private boolean reused;
    private boolean staleRetried;
    private boolean answered;                                  // a response byte came back
    private boolean requestSent;                               // the request's last byte went out
    private boolean closeAfter;                                // this try's request or response ends the connection
    private BodySource requestBody;                            // the client's body streaming to us, or null
    private ByteBuffer out;
    private ResponseHead head;
    private BodyReader responseReader;
    private BodySink responseSink;
    private boolean paused;

    private BackendConnection(Loop loop, SocketChannel channel, Endpoint endpoint, BackendPool pool) {
        super(loop, channel);
        this.endpoint = endpoint;
        this.key = endpoint.key();
        this.pool = pool;
    }

    String key() {
        return key;
    }

    /** Sends one try from {@code loop}: on a pooled connection, or a new one. Loop thread. */
    static void send(Loop loop, Endpoint endpoint, Request outbound, Exchange exchange, long headTimeoutNanos,
                     CompletableFuture<Response> result) {
        BackendPool pool = loop.backends;
        BackendConnection c = pool.take(endpoint.key());
        if (c != null) {
            c.reused = true;
            endpoint.connections().reused();
            c.begin(exchange, outbound, headTimeoutNanos, result);
            c.writeRequest();
            return;
        }
        open(loop, endpoint, outbound, exchange, headTimeoutNanos, result, false);
    }

    private static void open(Loop loop, Endpoint endpoint, Request outbound, Exchange exchange, long headTimeoutNanos,
                             CompletableFuture<Response> result, boolean staleRetried) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            result.completeExceptionally(new UpstreamException(Kind.CONNECT_FAILED,
                    "cannot open a socket (" + endpoint.key() + "): " + e, e));
            return;
        }
        BackendConnection c = new BackendConnection(loop, ch, endpoint, loop.backends);
        c.staleRetried = staleRetried;
        c.begin(exchange, outbound, headTimeoutNanos, result);
        c.connect();
    }

    private void begin(Exchange e, Request request, long timeoutNanos, CompletableFuture<Response> r) {
        exchange = e;
        outbound = request;
        result = r;
        headTimeoutNanos = timeoutNanos;
        headDeadline = loop.now() + timeoutNanos;
        answered = false;
        requestSent = false;
        closeAfter = !pool.settings().keepAlive();
        head = null;
        responseReader = null;
        responseSink = null;
        paused = false;
        requestBody = null;
        unhook = e.cancellation().onCancel(this::cancelled);
    }

    // ---- connect

    private void connect() {
        state = State.CONNECTING;
        connectStart = loop.now();
        InetSocketAddress address;
        try {
            address = endpoint.address();
            boolean done = channel.connect(address);
            register(done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            if (done) {
                connected();
                return;
            }
        } catch (UnresolvedAddressException | java.nio.channels.UnsupportedAddressTypeException e) {
            fail(new UpstreamException(Kind.CONNECT_FAILED, "cannot resolve " + key, e));
            return;
        } catch (IOException | RuntimeException e) {
            fail(new UpstreamException(Kind.CONNECT_FAILED, "connect failed (" + key + "): " + e, e));
            return;
        }
        long connectNanos = pool.settings().connectTimeoutNanos();
        loop.timer.set(timer, loop.now(), Math.min(connectNanos, Math.max(0, headDeadline - loop.now())));
    }

    @Override
    void connectable() {
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            fail(new UpstreamException(Kind.CONNECT_FAILED, "connect failed (" + key + "): " + e, e));
            return;
        }
        interest(SelectionKey.OP_READ);
        connected();
    }

    private void connected() {
        loop.timer.cancel(timer);
        endpoint.connections().opened(System.nanoTime() - connectStart);
        writeRequest();
    }

    // ---- the request

    private void writeRequest() {
        state = State.REQUEST;
        loop.timer.set(timer, loop.now(), Math.max(0, headDeadline - loop.now()));
        Body body = outbound.body();
        if (out == null) {
            out = loop.buffers.take();
        }
        if (!encodeHead(out, body)) {
            loop.buffers.give(out);
            out = ByteBuffer.allocate(headBytes(body) + 64);
            encodeHead(out, body);
        }
        out.flip();
        if (body instanceof BytesBody bytes && bytes.length() > 0) {
            requestSent = write(out, bytes.buffer());
            if (requestSent) {
                headSent();
            }
            return;
        }
        if (write(out)) {
            headSent();
        }
    }

    /** The head (and an in-memory body with it) went out. */
    private void headSent() {
        loop.buffers.give(out);
        out = null;
        Body body = outbound.body();
        if (body.length() == 0 || body instanceof BytesBody) {
            requestSent = true;
            return;
        }
        if (body instanceof SocketBody stream && stream.on(loop)) {
            requestBody = stream.source();
            requestBody.start(this, false);                    // the client's framing, relayed as is
            return;
        }
        requestBody = new FlowSource(loop, body);
        requestBody.start(this, false);
    }

    @Override
    void written() {
        if (out != null) {
            headSent();
        } else if (requestBody != null && !requestSent) {
            requestBody.resume();
        }
    }

    @Override
    void writeFailed(IOException e) {
        // closed() has run: it failed the try, or (a stale pooled connection) sent it again
    }

    private boolean encodeHead(ByteBuffer b, Body body) {
        try {
            putLatin1(b, outbound.method());
            b.put((byte) ' ');
            putLatin1(b, outbound.target());
            b.put(HTTP11);
            HeaderFields fields = outbound.headers();
            boolean declaredLength = (fields.presence() & CONTENT_LENGTH_BIT) != 0;
            for (HeaderFields.Field f : fields) {
                if ((f.bit() & FRAMING_BITS) == 0) {
                    f.writeTo(b);                              // unchanged fields go as the bytes they came in
                }                                              // framing is ours to write (RFC 9112 6)
            }
            if (closeAfter) {
                b.put(CLOSE);                                  // transport.keepAlive false (RFC 9112 9.6)
            }
            long length = body.length();
            if (length > 0 || length == 0 && declaredLength) {
                b.put(CONTENT_LENGTH);
                putLatin1(b, Long.toString(length));
                b.put(CRLF);
            } else if (length < 0) {
                b.put(CHUNKED);                                // RFC 9112 7.1
            }
            b.put(CRLF);
            return true;
        } catch (BufferOverflowException e) {
            b.clear();
            return false;
        }
    }

    private int headBytes(Body body) {
        int n = outbound.method().length() + outbound.target().length() + 64;
        for (HeaderFields.Field f : outbound.headers()) {
            n += f.encodedLength();
        }
        return n;
    }

    /** {@code s} as ISO-8859-1 bytes (RFC 9110 5.5), straight into the buffer's array. */
    @SuppressWarnings("deprecation")
    private static void putLatin1(ByteBuffer b, String s) {
        int n = s.length();
        if (b.remaining() < n) {
            throw new BufferOverflowException();
        }
        int at = b.position();
        s.getBytes(0, n, b.array(), b.arrayOffset() + at);        // the low byte of each char: no encoder, no copy
        b.position(at + n);
    }

    // BodySink of the request body

    @Override
    public boolean data(ByteBuffer piece) {
        if (isClosed()) {
            piece.position(piece.limit());
            return true;
        }
        return write(piece);
    }

    @Override
    public void end() {
        requestSent = true;
    }

    @Override
    public void fail(Throwable cause) {
        // The client's body broke off: the request cannot be completed, nor the connection
        // reused; a write still pending points into the client's buffer, so it goes at once.
        closeAfter = true;
        requestBody = null;
        close();
    }

    // ---- the response

    @Override
    void readable() {
        switch (state) {
            case IDLE -> idleReadable();
            case REQUEST -> readHead();
            case BODY -> {
                if (responseSink != null && !paused) {
                    pump();
                } else {
                    removeInterest(SelectionKey.OP_READ);       // nobody takes the body yet
                }
            }
            default -> removeInterest(SelectionKey.OP_READ);
        }
    }

    private void readHead() {
        int n = fill();
        if (n > 0) {
            answered = true;
        }
        while (true) {
            int end;
            ResponseHead h;
            try {
                end = Http1ResponseRules.findHeadEnd(in.array(), in.position(), in.remaining(),
                        Http1ResponseRules.DEFAULT_MAX_HEADER_BYTES);
                if (end < 0) {
                    if (in.remaining() == in.capacity()) {
                        growIn(Http1ResponseRules.DEFAULT_MAX_HEADER_BYTES + 1024);
                    }
                    break;
                }
                h = Http1ResponseRules.parse(in.array(), in.position(), end - in.position(), outbound.method());
            } catch (BadResponseException e) {
                failAndClose(new UpstreamException(Kind.PROTOCOL, "bad response from " + key + ": "
                        + e.reason() + ": " + e.getMessage(), e));
                return;
            }
            in.position(end);
            if (h.interim()) {
                continue;                                      // 100 and 103: dropped (Http1Interim)
            }
            headArrived(h);
            return;
        }
        if (n < 0) {
            ended(new EOFException("the backend closed the connection before a whole response head"));
        }
    }

    private void headArrived(ResponseHead h) {
        loop.timer.cancel(timer);
        head = h;
        if (!h.keepAlive()) {
            closeAfter = true;
        }
        CompletableFuture<Response> r = result;
        if (h.framing() == Framing.NONE) {
            Response response = new Response(h.status(), h.headers(), Body.empty(), Response.Origin.UPSTREAM);
            responseDone();
            r.complete(response);
            return;
        }
        state = State.BODY;
        r.complete(new Response(h.status(), h.headers(), new SocketBody(loop, this, length(h),
                h.framing() == Framing.CHUNKED), Response.Origin.UPSTREAM));
    }

    /** How long the response body is, for its {@link Body}: the length, or -1. */
    static long length(ResponseHead h) {
        return h.framing() == Framing.FIXED ? h.contentLength() : -1;
    }

    // BodySource of the response body

    @Override
    public void start(BodySink sink, boolean payload) {
        if (state != State.BODY || responseSink != null) {
            sink.fail(new IllegalStateException("the response body is gone"));
            return;
        }
        responseSink = sink;
        responseReader = new BodyReader(head.framing(), head.contentLength(), payload, -1);
        addInterest(SelectionKey.OP_READ);
        pump();
    }

    @Override
    public void resume() {
        if (state != State.BODY) {
            return;
        }
        paused = false;
        addInterest(SelectionKey.OP_READ);
        pump();
    }

    @Override
    public void abort() {
        closeAfter = true;
        close();
    }

    @Override
    public long payloadBytes() {
        return responseReader == null ? 0 : responseReader.payloadBytes();
    }

    /** Whether the response body is chunked on the wire. */
    boolean chunked() {
        return head != null && head.framing() == Framing.CHUNKED;
    }

    private void pump() {
        if (inView.hasRemaining() && !paused) {
            // A piece the sink left (it pauses without taking it all): offer the rest first.
            if (!responseSink.data(inView)) {
                paused = true;
                removeInterest(SelectionKey.OP_READ);
                return;
            }
        }
        while (!paused && state == State.BODY) {
            int n;
            try {
                n = responseReader.next(in, inView);
            } catch (BadRequestException e) {
                BodySink sink = responseSink;
                responseSink = null;                           // told once, with the real cause
                close();
                sink.fail(new UpstreamException(Kind.PROTOCOL, "bad response body from " + key + ": "
                        + e.reason(), e));
                return;
            }
            if (n > 0) {
                if (!responseSink.data(inView)) {
                    paused = true;
                    removeInterest(SelectionKey.OP_READ);
                    return;
                }
                continue;
            }
            if (responseReader.done()) {
                BodySink sink = responseSink;
                responseDone();
                sink.end();
                return;
            }
            int r = fill();
            if (r < 0) {
                BodySink sink = responseSink;
                if (responseReader.endsAtClose()) {
                    closeAfter = true;
                    responseDone();
                    sink.end();                                // RFC 9112 6.3 item 8: the close ends it
                } else {
                    responseSink = null;
                    close();
                    sink.fail(new UpstreamException(Kind.RESET, "the backend closed the connection mid-body ("
                            + key + ")", null));
                }
                return;
            }
            if (r == 0) {
                addInterest(SelectionKey.OP_READ);
                responseSink.waiting();
                return;
            }
        }
    }

    /** The response is whole: the try is over; the connection is kept or closed. */
    private void responseDone() {
        state = State.DONE;
        loop.timer.cancel(timer);
        if (unhook != null) {
            unhook.run();
            unhook = null;
        }
        boolean keep = !closeAfter && requestSent && (in == null || !in.hasRemaining());
        if (requestBody != null && !requestSent) {
            requestBody.abort();                               // answered before the body was sent
            keep = false;
        }
        exchange = null;
        outbound = null;
        result = null;
        requestBody = null;
        responseSink = null;
        if (keep) {
            pool.give(this);
        } else {
            close();
        }
    }

    /** In the pool: reads mean the backend closed it (or sent something unasked); either way it goes. */
    void idle() {
        state = State.IDLE;
        reused = false;
        if (in != null && !in.hasRemaining()) {
            releaseIn();
        }
        addInterest(SelectionKey.OP_READ);
        loop.timer.set(timer, loop.now(), pool.settings().idleTimeoutNanos());
    }

    private void idleReadable() {
        pool.remove(this);
        close();
    }

    // ---- failures

    private void timedOut() {
        switch (state) {
            case CONNECTING -> failAndClose(new UpstreamException(Kind.CONNECT_TIMEOUT,
                    "connect timed out (" + key + ")", null));
            case REQUEST -> failAndClose(new UpstreamException(Kind.RESPONSE_TIMEOUT,
                    "no response head in time (" + key + ")", null));
            case IDLE -> {
                pool.remove(this);
                close();
            }
            default -> {
            }
        }
    }

    /**
     * The connection ended before a whole head: a stale pooled connection's request goes
     * out once more on a new one when it can be; otherwise the try fails as a reset.
     */
    private void ended(IOException cause) {
        if (reused && !answered && !staleRetried && replayable(outbound.body()) && result != null && !result.isDone()
                && !exchange.cancellation().isCancelled()) {
            Exchange e = exchange;
            Request request = outbound;
            CompletableFuture<Response> r = result;
            long left = Math.max(0, headDeadline - loop.now());
            detach();
            close();
            open(loop, endpoint, request, e, left, r, true);
            return;
        }
        failAndClose(new UpstreamException(Kind.RESET, "connection broke before the response head (" + key + "): "
                + cause.getMessage(), cause));
    }

    private static boolean replayable(Body body) {
        return body.length() == 0 || body instanceof BytesBody;
    }

    private void fail(UpstreamException e) {
        failAndClose(e);
    }

    private void failAndClose(Throwable cause) {
        CompletableFuture<Response> r = result;
        BodySink sink = responseSink;
        detach();
        close();
        if (r != null && !r.isDone()) {
            r.completeExceptionally(cause);
        } else if (sink != null) {
            sink.fail(cause);
        }
    }

    private void detach() {
        if (unhook != null) {
            unhook.run();
            unhook = null;
        }
        if (requestBody != null && !requestSent) {
            requestBody.abort();
        }
        requestBody = null;
        result = null;
        responseSink = null;
        exchange = null;
    }

    /** The exchange was cancelled: abort at once, so the backend sees its client go. */
    private void cancelled() {
        if (!loop.inLoop()) {
            loop.execute(this::cancelled);
            return;
        }
        if (state == State.IDLE || state == State.DONE || isClosed()) {
            return;
        }
        failAndClose(new CancellationException("exchange cancelled: "
                + (exchange == null || exchange.cancellation().cause() == null ? "?"
                : exchange.cancellation().cause().reason())));
    }

    @Override
    void closed() {
        loop.timer.cancel(timer);
        releaseIn();
        if (out != null) {
            loop.buffers.give(out);
            out = null;
        }
        if (state == State.IDLE) {
            pool.remove(this);
            return;
        }
        if (result != null && !result.isDone()) {
            if (state == State.CONNECTING) {
                fail(new UpstreamException(Kind.CONNECT_FAILED, "connect failed (" + key + ")", null));
            } else {
                ended(new IOException("the connection to the backend closed"));
            }
        } else if (responseSink != null) {
            BodySink sink = responseSink;
            responseSink = null;
            sink.fail(new EOFException("the connection to the backend closed mid-body (" + key + ")"));
        }
    }

    @Override
    public String toString() {
        return "backend " + key + " " + state;
    }
}
