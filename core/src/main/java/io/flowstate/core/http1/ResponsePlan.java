package io.flowstate.core.http1;

import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Response;
import io.flowstate.core.proxy.ProxyErrors;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What goes on the wire to the client for one exchange: the core's one decision of every
 * HTTP/1.1 rule on the client side (DESIGN.md section 9). An ingress makes the plan once the
 * gateway has answered ({@link #of}), writes what it says, and reports how writing ended
 * ({@link #finish}); it decides none of these rules itself.
 *
 * <p>The plan says:
 * <ul>
 *   <li>the status and its status line ({@link #status()}, {@link StatusLines});</li>
 *   <li>the fields to write ({@link #forEachField}): the response's own, without the framing
 *       fields and Connection, which the plan decides; plus {@code Date} when the response has
 *       none (RFC 9110 6.6.1, {@link #addsDate()});</li>
 *   <li>the framing ({@link #framing()}, {@link #contentLength()}): Content-Length when the
 *       body's length is known; chunked when not and the client speaks HTTP/1.1; delimited by
 *       closing the connection for an HTTP/1.0 client (RFC 9112 6.3 item 8, C.2.2);</li>
 *   <li>whether a body follows at all ({@link #hasBody()}): never for HEAD, 1xx, 204, 304
 *       (RFC 9110 6.4.1; RFC 9112 6.3 item 1); a response to HEAD keeps the GET's
 *       Content-Length, and a 304 may (RFC 9110 8.6, 9.3.2; {@link #reportedLength()});</li>
 *   <li>whether the connection closes after it ({@link #closesAfter()}, then
 *       {@code Connection: close}, RFC 9112 9.6), and the {@code Connection} value to write
 *       ({@link #connectionValue()}; {@code keep-alive} to an HTTP/1.0 client that keeps it,
 *       RFC 9112 C.2.2);</li>
 *   <li>that nothing is to be written at all because the client has gone
 *       ({@link #clientGone()}): close the connection and {@link #finish} with
 *       {@link End#CLIENT_GONE};</li>
 *   <li>the status to record, by how writing ended ({@link #finish}): the response's status
 *       when it was written to its end, whatever the client does afterwards; 499 when the
 *       client went away before that (nginx's convention); the response's status, with the
 *       cause as the error reason, when the proxy cut the body (the backend broke off, the
 *       deadline passed, a drain ran out of time).</li>
 * </ul>
 *
 * <p>Engines whose library frames responses (the JDK's HttpServer, Jetty) give it
 * {@link #contentLength()} and the fields, and set {@code Connection: close} when
 * {@link #closesAfter()}; an engine that writes bytes itself writes {@link #encodeHead}.
 *
 * <p>One plan per exchange; made and used on the thread that writes the response.
 */
public final class ResponsePlan {

    /** How writing the response ended. */
    public enum End {
        /** Every byte of the response was handed to the connection. */
        WRITTEN,
        /** The client went away (it closed, or a write to it failed) before the end. */
        CLIENT_GONE,
        /** The proxy could not finish the body (its source broke, a deadline passed): the connection was closed. */
        CUT
    }

    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] CRLF = ascii("\r\n");
    /** The fields the plan writes itself, as presence bits: each line is told by one test. */
    private static final long FRAMING = HeaderFields.bit("Content-Length") | HeaderFields.bit("Transfer-Encoding")
            | HeaderFields.bit("Connection");

    private final Exchange exchange;
    private final Response response;
    private final int status;
    private final boolean gone;
    private final boolean body;
    private final Framing framing;
    private final long contentLength;
    private final long reportedLength;
    private final boolean closeAfter;
    private final boolean keepAliveField;
    private final boolean addDate;
    private boolean finished;

    private ResponsePlan(Exchange exchange, Response response, boolean http11, boolean clientKeepAlive,
                         boolean draining) {
        this.exchange = exchange;
        this.response = response;
        this.status = response.status();
        String method = exchange.request().method();
        this.gone = status == ProxyErrors.CLIENT_CLOSED || exchange.cancellation().clientClosed();
        // RFC 9110 6.4.1, 9.3.2, 15.3.5, 15.4.5; RFC 9112 6.3 item 1: no content.
        this.body = !Response.isBodiless(method, status);
        long length = response.body().length();
        if (!body) {
            framing = Framing.NONE;
            contentLength = -1;
            // RFC 9110 9.3.2: HEAD reports the GET's length; RFC 9110 8.6: a 304 may.
            // RFC 9110 8.6: never on a 1xx or 204.
            reportedLength = "HEAD".equals(method) || status == 304 ? declaredLength(response.headers()) : -1;
        } else if (length >= 0) {
            framing = Framing.FIXED;                            // RFC 9112 6.3 item 6
            contentLength = length;
            reportedLength = length;
        } else if (http11) {
            framing = Framing.CHUNKED;                          // RFC 9112 7.1
            contentLength = -1;
            reportedLength = -1;
        } else {
            framing = Framing.CLOSE_DELIMITED;                  // RFC 9112 6.3 item 8: no chunked in HTTP/1.0
            contentLength = -1;
            reportedLength = -1;
        }
        // RFC 9112 9.3, 9.6: close after this response when the client asked, when the body
        // is delimited by the close, when the proxy drains, when the request body was refused
        // mid-stream (the framing of what follows cannot be trusted, RFC 9112 6.3), or when
        // the core asked (an answer it could not relay).
        this.closeAfter = !clientKeepAlive || framing == Framing.CLOSE_DELIMITED || draining
                || exchange.closesAfterResponse()
                || exchange.cancellation().cause() instanceof CancelCause.BodyRejected;
        this.keepAliveField = !closeAfter && !http11;            // RFC 9112 C.2.2
        this.addDate = !response.headers().contains("Date");     // RFC 9110 6.6.1
    }

    /**
     * The plan for writing {@code response}, the gateway's answer to {@code exchange}.
     *
     * @param http11          whether the client's request was HTTP/1.1 (else HTTP/1.0)
     * @param clientKeepAlive whether the client's request allows another on its connection
     *                        ({@link RequestHead#keepAlive()}, RFC 9112 9.3)
     * @param draining        whether the ingress is draining (responses then close their connection)
     */
    public static ResponsePlan of(Exchange exchange, Response response, boolean http11, boolean clientKeepAlive,
                                  boolean draining) {
        return new ResponsePlan(Objects.requireNonNull(exchange, "exchange"), Objects.requireNonNull(response,
                "response"), http11, clientKeepAlive, draining);
    }

    /** A Content-Length field of the response, when it is one valid 1*DIGIT value; else -1. */
    private static long declaredLength(HeaderFields h) {
        String v = h.first("Content-Length");
        if (v == null || v.isEmpty() || v.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    public Exchange exchange() {
        return exchange;
    }

    public Response response() {
        return response;
    }

    public int status() {
        return status;
    }

    /** The client has gone: write nothing, close the connection, {@link #finish} with {@link End#CLIENT_GONE}. */
    public boolean clientGone() {
        return gone;
    }

    /** Whether body bytes follow the head; false for HEAD, 1xx, 204 and 304. */
    public boolean hasBody() {
        return body;
    }

    /** How the body is delimited on the wire; {@link Framing#NONE} when it has none. */
    public Framing framing() {
        return framing;
    }

    /** The body's length when {@link Framing#FIXED}; -1 otherwise. */
    public long contentLength() {
        return contentLength;
    }

    /**
     * The {@code Content-Length} value to write, or -1 for none: the body's length, or for a
     * bodiless response to HEAD (or a 304) the length the backend declared.
     */
    public long reportedLength() {
        return reportedLength;
    }

    /** Whether the connection closes once this response is written ({@code Connection: close}). */
    public boolean closesAfter() {
        return closeAfter;
    }

    /** The {@code Connection} value to write: {@code close}, {@code keep-alive} (HTTP/1.0), or null for none. */
    public String connectionValue() {
        return closeAfter ? "close" : keepAliveField ? "keep-alive" : null;
    }

    /** Whether the response has no {@code Date} and the engine must add one ({@link HttpDate}). */
    public boolean addsDate() {
        return addDate;
    }

    /** Receives the fields to write, one line at a time. */
    @FunctionalInterface
    public interface FieldSink {
        void field(String name, String value);
    }

    /**
     * Hands every field of the response that goes on the wire as it is, in order: all but
     * Content-Length, Transfer-Encoding and Connection, which the plan decides (and hop-by-hop
     * fields, which the proxy path has already removed).
     */
    public void forEachField(FieldSink sink) {
        for (HeaderFields.Field f : response.headers()) {
            if (!isFraming(f)) {
                sink.field(f.name(), f.value());
            }
        }
    }

    private static boolean isFraming(HeaderFields.Field f) {
        return (f.bit() & FRAMING) != 0;
    }

    /**
     * Writes the whole head (status line, fields, framing, Connection, Date, the empty line)
     * into {@code out}, for engines that write bytes themselves; returns false, with
     * {@code out}'s position unchanged, when it does not fit.
     */
    public boolean encodeHead(ByteBuffer out) {
        int start = out.position();
        try {
            out.put(StatusLines.of(status));
            HeaderFields headers = response.headers();
            if (!headers.containsAny(FRAMING)) {
                headers.writeTo(out);                           // a field received as bytes goes out as them
            } else {
                for (int i = 0; i < headers.size(); i++) {
                    HeaderFields.Field f = headers.get(i);
                    if (!isFraming(f)) {
                        f.writeTo(out);
                    }
                }
            }
            if (reportedLength >= 0) {
                out.put(CONTENT_LENGTH);
                putDecimal(out, reportedLength);
                out.put(CRLF);
            } else if (framing == Framing.CHUNKED) {
                out.put(CHUNKED);
            }
            if (closeAfter) {
                out.put(CONNECTION_CLOSE);
            } else if (keepAliveField) {
                out.put(CONNECTION_KEEP_ALIVE);
            }
            if (addDate) {
                out.put(HttpDate.fieldLine());
            }
            out.put(CRLF);
            return true;
        } catch (java.nio.BufferOverflowException e) {
            out.position(start);
            return false;
        }
    }

    /** The head's size in bytes, as {@link #encodeHead} writes it: to size a buffer. */
    public int headBytes() {
        int n = StatusLines.of(status).length;
        for (HeaderFields.Field f : response.headers()) {
            if (!isFraming(f)) {
                n += f.encodedLength();
            }
        }
        if (reportedLength >= 0) {
            n += CONTENT_LENGTH.length + Long.toString(reportedLength).length() + 2;
        } else if (framing == Framing.CHUNKED) {
            n += CHUNKED.length;
        }
        n += closeAfter ? CONNECTION_CLOSE.length : keepAliveField ? CONNECTION_KEEP_ALIVE.length : 0;
        if (addDate) {
            n += HttpDate.fieldLine().length;
        }
        return n + 2;
    }

    private static void putDecimal(ByteBuffer out, long n) {
        if (n == 0) {
            out.put((byte) '0');
            return;
        }
        int digits = 0;
        for (long m = n; m > 0; m /= 10) {
            digits++;
        }
        int at = out.position() + digits;
        if (at > out.limit()) {
            throw new java.nio.BufferOverflowException();
        }
        for (int i = at - 1; n > 0; i--, n /= 10) {
            out.put(i, (byte) ('0' + n % 10));
        }
        out.position(at);
    }

    /**
     * Ends the exchange with the status to record for how writing ended; the first call
     * counts, later ones do nothing, so an ingress may call it from a finally block.
     *
     * @return the status recorded
     */
    public int finish(End end) {
        if (finished) {
            return recorded(end);
        }
        finished = true;
        int recorded = recorded(end);
        if (end == End.CUT && exchange.errorReason() == null) {
            CancelCause cause = exchange.cancellation().cause();
            exchange.errorReason(cause != null ? cause.reason() : "response_cut");
        }
        exchange.finish(recorded);
        return recorded;
    }

    private int recorded(End end) {
        return end == End.CLIENT_GONE || gone ? ProxyErrors.CLIENT_CLOSED : status;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return status + " " + framing + (contentLength >= 0 ? "(" + contentLength + ")" : "")
                + (closeAfter ? " close" : "") + (gone ? " gone" : "");
    }
}
