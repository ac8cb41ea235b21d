package io.flowstate.engine.nio;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.BytesBody;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.Framing;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.http1.ResponsePlan;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.spi.IngressSettings;
import java.io.EOFException;
import io.flowstate.core.http1.Refusals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of the NIO engine: HTTP/1.1 server side, one request at a time
 * (a pipelined next request waits in the buffer until the response before it is written).
 *
 * <pre>
 *   IDLE --byte--> HEAD --head parsed, core's rules--> BODY --body read--> WAIT --answer--> RESPONSE
 *     ^                                                  (the gateway runs from the head on)     |
 *     +------------------------------------- written, keep-alive --------------------------------+
 * </pre>
 *
 * <p>The head is parsed in place ({@link HeadReader}: the core's rules on the buffer's array) and must
 * be whole within {@code timeouts.idle} of its first byte, however slowly it trickles: one
 * timer set at the first byte and never restarted (408 after it). An idle keep-alive
 * connection holds no buffer, only its socket, and closes after {@code timeouts.idle}.
 *
 * <p>{@code OP_READ} stays set while a request waits for its answer, so a client that
 * leaves is seen at once and the exchange cancelled (the upstream aborts its try). The
 * response is written as the core's {@link ResponsePlan} says: the head, then the body from
 * memory ({@link BytesBody}), or relayed from the backend's socket one buffer at a time
 * ({@link BodySink}: a short write clears the backend's {@code OP_READ} until it is done),
 * chunk-encoded when the plan says chunked and the backend's body is not.
 *
 * <p>Loop thread only.
 */
final class ClientConnection extends Conn implements BodySource, BodySink {
    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    /** How long a refused connection is read (and what arrives discarded) before it closes (RFC 9112 9.6). */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private enum State { IDLE, HEAD, BODY, WAIT, RESPONSE, LINGER }

    /** What a finished write leads to. */
    private enum Phase { NONE, CONTINUE, HEAD, BODY, LAST, REFUSAL }

    private enum Purpose { IDLE, HEAD, LINGER }

    private final class Timer extends LoopTimer.Node {
        Purpose purpose;

        @Override
        void fire() {
            switch (purpose) {
                case IDLE, LINGER -> close();
                case HEAD -> refuse(408, "request_header_timeout");      // RFC 9110 15.5.9
                default -> throw new AssertionError(purpose);
            }
        }
    }

    private final NioIngress ingress;
    private final IngressSettings settings;
    private final Handler gateway;
    private final InetSocketAddress remote;
    private final Timer timer = new Timer();
    private final ByteBuffer chunkSize = ByteBuffer.allocate(18);
    private final ByteBuffer crlf = ByteBuffer.wrap(CRLF);
    private final ByteBuffer[] chunk = new ByteBuffer[3];
    private State state = State.IDLE;
    private Phase phase = Phase.NONE;
    private ByteBuffer out;
    private long headStart;

    // the request
    private RequestHead head;
    private Exchange exchange;
    private boolean inFlight;
    private BodyReader requestReader;
    private BodySink requestSink;
    private boolean requestPaused;
    private boolean requestDone;
    private boolean continueOwed;
    private long requestCounted;

    // the response
    private ResponsePlan plan;
    private BodySource responseSource;
    private boolean chunkEncode;
    private boolean rawChunked;
    private boolean headPending;
    private long responseCounted;

    ClientConnection(Loop loop, SocketChannel channel, NioIngress ingress, Handler gateway, InetSocketAddress remote) {
        super(loop, channel);
        this.ingress = ingress;
        this.settings = ingress.settings();
        this.gateway = gateway;
        this.remote = remote;
    }

    NioIngress ingress() {
        return ingress;
    }

    /** Starts reading: called once, after registering. */
    void opened() {
        arm(Purpose.IDLE, settings.idleTimeout().toNanos());
    }

    /** Whether no request is in flight on it (a drain closes such a connection at once). */
    boolean idle() {
        return state == State.IDLE;
    }

    private void arm(Purpose purpose, long nanos) {
        timer.purpose = purpose;
        loop.timer.set(timer, loop.now(), nanos);
    }

    // ---- reading

    @Override
    void readable() {
        switch (state) {
            case IDLE, HEAD -> readHead();
            case BODY -> {
                if (requestSink != null && !requestPaused) {
                    pumpRequest();
                } else {
                    readAhead();
                }
            }
            case WAIT, RESPONSE -> readAhead();
            case LINGER -> linger();
            default -> throw new AssertionError(state);
        }
    }

    private void readHead() {
        int n = fill();
        if (n < 0) {
            close();                                           // gone: idle, or before its head was whole
            return;
        }
        if (state == State.IDLE && in.hasRemaining()) {
            state = State.HEAD;
            headStart = System.nanoTime();
            // RFC 9110 15.5.9: the head must be whole within timeouts.idle of its first byte.
            arm(Purpose.HEAD, settings.idleTimeout().toNanos());
        }
        parseHead();
    }

    private void parseHead() {
        int maxHead = settings.maxHeaderBytes();
        try {
            RequestHead h = HeadReader.next(in, maxHead, settings.maxBodyBytes());
            if (h == null) {
                if (in.remaining() == in.capacity()) {
                    growIn(maxHead + 1024);                    // a head larger than a pooled buffer
                }
                return;
            }
            startExchange(h);
        } catch (BadRequestException e) {
            refuse(e.status(), e.reason());
        }
    }

    /** What arrives while a request is under way: the client's end, or the start of its next request. */
    private void readAhead() {
        int n = fill();
        if (n < 0) {
            clientGone();
        } else if (in.position() == 0 && in.limit() == in.capacity()) {
            removeInterest(SelectionKey.OP_READ);              // full: read again once it is used
        }
    }

    private void linger() {
        int n = fill();
        if (in != null) {
            in.position(in.limit());                           // discarded
        }
        if (n < 0) {
            close();
        }
    }

    // ---- the exchange

    private void startExchange(RequestHead h) {
        loop.timer.cancel(timer);
        head = h;
        long length = switch (h.framing()) {
            case NONE -> 0;
            case FIXED -> h.contentLength();
            case CHUNKED -> -1;
            case CLOSE_DELIMITED -> throw new IllegalStateException("a request is never close-delimited");
        };
        Body body = length == 0 ? Body.empty() : new SocketBody(loop, this, length, h.framing() == Framing.CHUNKED);
        Exchange e = new Exchange(new Request(h.method(), h.target(), h.headers(), body), remote, "http", headStart);
        e.timer(loop.timer.scheduler());
        exchange = e;
        inFlight = true;
        ingress.inFlight().started();
        requestReader = null;
        requestSink = null;
        requestPaused = false;
        requestDone = length == 0;
        requestCounted = 0;
        continueOwed = h.expectsContinue() && length != 0;
        state = requestDone ? State.WAIT : State.BODY;
        addInterest(SelectionKey.OP_READ);
        CompletableFuture<Response> answer;
        try {
            answer = gateway.handle(e).toCompletableFuture();
        } catch (RuntimeException bug) {
            answer = CompletableFuture.failedFuture(bug);
        }
        answer.whenComplete((r, bug) -> {
            if (loop.inLoop()) {
                respond(e, r, bug);
            } else {
                loop.execute(() -> respond(e, r, bug));
            }
        });
    }

    /** The client went away while its request was under way. */
    private void clientGone() {
        Exchange e = exchange;
        if (e != null) {
            e.cancellation().cancel(CancelCause.CLIENT_CLOSED);
        }
        close();
    }

    // ---- the request body, as the source of whoever sends it on

    @Override
    public void start(BodySink sink, boolean payload) {
        if (state != State.BODY || requestSink != null || requestReader != null) {
            sink.fail(new IllegalStateException("the request body is gone"));
            return;
        }
        requestSink = sink;
        requestReader = new BodyReader(head.framing(), head.contentLength(), payload, settings.maxBodyBytes());
        if (continueOwed) {
            continueOwed = false;
            if (!in.hasRemaining()) {
                // RFC 9110 10.1.1: the body is wanted now; nothing of it came yet.
                phase = Phase.CONTINUE;
                if (!write(ByteBuffer.wrap(CONTINUE))) {
                    return;                                    // written() pumps on
                }
                phase = Phase.NONE;
            }
        }
        pumpRequest();
    }

    @Override
    public void resume() {
        if (requestSink == null) {
            return;
        }
        requestPaused = false;
        addInterest(SelectionKey.OP_READ);
        pumpRequest();
    }

    /** The sender wants no more of the body: what is left of it is never read, so the connection closes after the answer. */
    @Override
    public void abort() {
        requestSink = null;
        if (exchange != null && !requestDone) {
            exchange.closeAfterResponse();
        }
    }

    @Override
    public long payloadBytes() {
        return requestReader == null ? 0 : requestReader.payloadBytes();
    }

    private void pumpRequest() {
        if (requestSink == null || requestPaused || isClosed()) {
            return;
        }
        if (inView.hasRemaining() && !requestSink.data(inView)) {
            pause();
            return;
        }
        while (requestSink != null && !requestPaused) {
            int n;
            try {
                n = requestReader.next(in, inView);
            } catch (BadRequestException e) {
                bodyRejected(e);
                return;
            }
            countRequestBytes();
            if (n > 0) {
                if (!requestSink.data(inView)) {
                    pause();
                    return;
                }
                continue;
            }
            if (requestReader.done()) {
                requestDone = true;
                if (state == State.BODY) {
                    state = State.WAIT;
                }
                BodySink sink = requestSink;
                requestSink = null;
                sink.end();
                return;
            }
            int r = fill();
            if (r < 0) {
                BodySink sink = requestSink;
                requestSink = null;
                sink.fail(new EOFException("the client closed mid-body"));
                clientGone();
                return;
            }
            if (r == 0) {
                addInterest(SelectionKey.OP_READ);
                return;
            }
        }
    }

    private void pause() {
        requestPaused = true;
        removeInterest(SelectionKey.OP_READ);
    }

    private void countRequestBytes() {
        long now = requestReader.payloadBytes();
        if (now > requestCounted) {
            exchange.addRequestBytes(now - requestCounted);
            requestCounted = now;
        }
    }

    /**
     * The body turned out malformed or too large while it streamed: the exchange is cancelled
     * with the refusal (the core answers 400 or 413 if no answer was chosen yet), the sender
     * hears the body broke, and the connection closes after the answer (RFC 9112 6.3, 7.1).
     */
    private void bodyRejected(BadRequestException e) {
        BodySink sink = requestSink;
        requestSink = null;
        exchange.closeAfterResponse();
        exchange.cancellation().cancel(CancelCause.bodyRejected(e.status(), e.reason()));
        if (sink != null) {
            sink.fail(e);
        }
        removeInterest(SelectionKey.OP_READ);
    }

    // ---- the response

    private void respond(Exchange e, Response r, Throwable bug) {
        if (e != exchange) {
            if (r != null) {
                r.body().discard();
            }
            return;
        }
        if (bug != null || r == null) {
            LOG.log(System.Logger.Level.ERROR, "gateway failed for " + e, bug);
            r = ProxyErrors.of(500, "internal_error", e);
        }
        if (!requestDone) {
            e.closeAfterResponse();                            // the rest of the body is never read
        }
        plan = ResponsePlan.of(e, r, head.isHttp11(), head.keepAlive(), ingress.draining());
        Body body = r.body();
        if (isClosed() || plan.clientGone()) {
            body.discard();
            finishExchange(ResponsePlan.End.CLIENT_GONE);
            close();
            return;
        }
        state = State.RESPONSE;
        out = loop.buffers.take();
        if (!plan.encodeHead(out)) {
            loop.buffers.give(out);
            out = ByteBuffer.allocate(plan.headBytes());
            plan.encodeHead(out);
        }
        out.flip();
        if (!plan.hasBody() || body.length() == 0) {
            body.discard();
            phase = Phase.LAST;
            if (write(out)) {
                responseWritten();
            }
            return;
        }
        if (body instanceof BytesBody bytes) {
            e.addResponseBytes(bytes.length());
            phase = Phase.LAST;
            if (write(out, bytes.buffer())) {
                responseWritten();
            }
            return;
        }
        boolean sourceChunked;
        if (body instanceof SocketBody own && own.on(loop)) {
            sourceChunked = own.chunked();
            responseSource = own.source();
        } else {
            sourceChunked = false;
            responseSource = new FlowSource(loop, body);
        }
        boolean planChunked = plan.framing() == Framing.CHUNKED;
        chunkEncode = planChunked && !sourceChunked;           // a close-delimited (or other) body, chunked here
        rawChunked = planChunked && sourceChunked;             // relayed as it came
        responseCounted = 0;
        // The head waits for the body's first bytes, to go out with them in one gathering
        // write; if the body has none ready, it goes alone (waiting()).
        headPending = true;
        phase = Phase.BODY;
        // A chunked body to a client that does not take chunked (HTTP/1.0): the payload only.
        boolean payload = !rawChunked && !chunkEncode && plan.framing() != Framing.FIXED;
        responseSource.start(this, payload || responseSource instanceof FlowSource);
    }

    /** The head, if it still waits, before {@code bufs}, in one write. */
    private boolean writeWithHead(ByteBuffer... bufs) {
        if (!headPending) {
            return write(bufs);
        }
        headPending = false;
        ByteBuffer[] all = new ByteBuffer[bufs.length + 1];
        all[0] = out;
        System.arraycopy(bufs, 0, all, 1, bufs.length);
        boolean done = write(all);
        if (done) {
            releaseOut();
        }
        return done;
    }

    private void releaseOut() {
        if (out != null) {
            loop.buffers.give(out);
            out = null;
        }
    }

    /** The body has nothing ready now: a head that waited for it goes out alone. */
    @Override
    public void waiting() {
        if (headPending && !isClosed()) {
            headPending = false;
            phase = Phase.HEAD;
            if (write(out)) {
                releaseOut();
                phase = Phase.BODY;
            }
        }
    }

    @Override
    public boolean data(ByteBuffer piece) {
        if (isClosed()) {
            piece.position(piece.limit());
            return true;
        }
        if (writing()) {
            return false;                                      // the head alone is on its way: resume() follows
        }
        int n = piece.remaining();
        if (!rawChunked) {
            exchange.addResponseBytes(n);
        }
        if (!chunkEncode) {
            return writeWithHead(piece);
        }
        if (n == 0) {
            return true;
        }
        chunkSize.clear();
        for (char c : Integer.toHexString(n).toCharArray()) {
            chunkSize.put((byte) c);
        }
        chunkSize.put(CRLF).flip();
        crlf.clear();
        chunk[0] = chunkSize;
        chunk[1] = piece;
        chunk[2] = crlf;
        return writeWithHead(chunk);                           // RFC 9112 7.1: size CRLF data CRLF
    }

    @Override
    public void end() {
        if (rawChunked) {
            long payload = responseSource.payloadBytes();
            if (payload > 0) {
                exchange.addResponseBytes(payload);
            }
        }
        phase = Phase.LAST;
        boolean done = chunkEncode ? writeWithHead(ByteBuffer.wrap(LAST_CHUNK))
                : !headPending || writeWithHead();
        if (done) {
            responseWritten();
        }
    }

    /** The body broke off (the backend went away, the deadline cut it): the client sees the connection close. */
    @Override
    public void fail(Throwable cause) {
        responseSource = null;
        boolean clientLeft = exchange != null && exchange.cancellation().clientClosed();
        if (headPending && !clientLeft && !isClosed()) {
            // Nothing has gone to the client yet: it can still be told, as if the try had failed.
            headPending = false;
            releaseOut();
            CancelCause why = exchange.cancellation().cause();
            exchange.closeAfterResponse();
            respond(exchange, why != null ? ProxyErrors.forCancellation(why, exchange)
                    : ProxyErrors.of(502, cause instanceof UpstreamException u ? u.reason() : "upstream_reset",
                    exchange), null);
            return;
        }
        finishExchange(clientLeft ? ResponsePlan.End.CLIENT_GONE : ResponsePlan.End.CUT);
        close();
    }

    @Override
    void written() {
        Phase p = phase;
        switch (p) {
            case CONTINUE -> {
                phase = Phase.NONE;
                pumpRequest();
            }
            case HEAD -> {
                releaseOut();                                  // the head went alone; the body follows
                phase = Phase.BODY;
                if (responseSource != null) {
                    responseSource.resume();
                }
            }
            case BODY -> {
                releaseOut();                                  // a head that went with the first piece
                if (responseSource != null) {
                    responseSource.resume();
                }
            }
            case LAST -> responseWritten();
            case REFUSAL -> startLinger();
            default -> {
            }
        }
    }

    @Override
    void writeFailed(IOException e) {
        // closed() has run and finished the exchange as the client's leaving
    }

    private void responseWritten() {
        if (out != null) {
            loop.buffers.give(out);
            out = null;
        }
        phase = Phase.NONE;
        boolean close = plan.closesAfter();
        finishExchange(ResponsePlan.End.WRITTEN);
        if (close) {
            close();
            return;
        }
        nextRequest();
    }

    private void finishExchange(ResponsePlan.End end) {
        if (!inFlight) {
            return;
        }
        inFlight = false;
        if (plan != null) {
            plan.finish(end);
        } else {
            exchange.finish(end == ResponsePlan.End.WRITTEN ? 200 : ProxyErrors.CLIENT_CLOSED);
        }
        ingress.inFlight().ended(1);
    }

    private void nextRequest() {
        state = State.IDLE;
        head = null;
        exchange = null;
        plan = null;
        responseSource = null;
        requestReader = null;
        requestSink = null;
        addInterest(SelectionKey.OP_READ);
        if (in != null && in.hasRemaining()) {
            // A pipelined request: after this event, so a long pipeline does not deepen the stack.
            loop.execute(() -> {
                if (!isClosed() && state == State.IDLE) {
                    state = State.HEAD;
                    headStart = System.nanoTime();
                    arm(Purpose.HEAD, settings.idleTimeout().toNanos());
                    parseHead();
                }
            });
            return;
        }
        releaseIn();                                           // idle connections hold no buffer
        arm(Purpose.IDLE, settings.idleTimeout().toNanos());
        if (ingress.draining()) {
            close();
        }
    }

    // ---- refusals

    /** Answers a head the core's rules refuse, then closes, reading what the client still sends for a moment. */
    void refuse(int status, String reason) {
        loop.timer.cancel(timer);
        state = State.LINGER;
        phase = Phase.REFUSAL;
        if (write(ByteBuffer.wrap(Refusals.bytes(status, reason)))) {
            startLinger();
        }
    }

    private void startLinger() {
        phase = Phase.NONE;
        try {
            channel.shutdownOutput();                          // the answer is all; then a lingering close
        } catch (IOException e) {
            close();
            return;
        }
        state = State.LINGER;
        addInterest(SelectionKey.OP_READ);
        arm(Purpose.LINGER, LINGER_NANOS);
    }

    @Override
    void closed() {
        loop.timer.cancel(timer);
        ingress.connectionClosed();
        BodySource source = responseSource;
        responseSource = null;
        BodySink sink = requestSink;
        requestSink = null;
        if (sink != null) {
            sink.fail(new EOFException("the client connection closed"));
        }
        if (inFlight) {
            if (plan != null) {
                if (source != null) {
                    source.abort();
                }
                finishExchange(ResponsePlan.End.CLIENT_GONE);
            } else {
                exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED);   // respond() finishes it
            }
        }
        releaseIn();
        if (out != null) {
            loop.buffers.give(out);
            out = null;
        }
    }

    @Override
    public String toString() {
        return "client " + remote + " " + state;
    }
}
