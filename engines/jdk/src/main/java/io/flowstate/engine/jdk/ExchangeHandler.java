package io.flowstate.engine.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.Cancellation;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Serves one request HttpServer dispatched, on its virtual thread: takes the guard's
 * strict head, runs the gateway (waiting is cheap on a virtual thread), and streams the
 * response back through HttpServer, which frames it.
 */
final class ExchangeHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ExchangeHandler.class.getName());
    private static final int COPY_BUFFER_BYTES = 16 * 1024;

    private final JdkIngress ingress;
    private final Handler gateway;

    ExchangeHandler(JdkIngress ingress, Handler gateway) {
        this.ingress = ingress;
        this.gateway = gateway;
    }

    @Override
    public void handle(HttpExchange he) throws IOException {
        GuardedConnection conn = ingress.connection(he.getRemoteAddress().getPort());
        PendingHead pending = conn == null ? null : conn.nextHead();
        if (pending == null) {
            // Only the guard may reach this server; anything else is refused.
            he.sendResponseHeaders(421, -1);
            he.close();
            return;
        }
        RequestHead head = pending.head();
        long length = switch (head.framing()) {
            case NONE -> 0;
            case FIXED -> head.contentLength();
            case CHUNKED -> -1;
        };
        CountedInput counted = length == 0 ? null : new CountedInput(he.getRequestBody());
        Body body = length == 0 ? Body.empty() : Body.of(counted, length);
        Request request = new Request(head.method(), head.target(), head.headers(), body);
        Exchange exchange = new Exchange(request, conn.clientAddress(), "http", pending.startNanos());
        if (counted != null) {
            counted.exchange(exchange);
        }
        pending.attach(exchange);
        conn.begin(exchange);
        int status = 500;
        try {
            Response response;
            try {
                response = gateway.handle(exchange).toCompletableFuture().join();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "gateway failed for " + exchange, e);
                response = ProxyErrors.of(500, "internal_error", exchange);
            }
            status = write(he, exchange, response, conn);
        } finally {
            exchange.finish(status);
            conn.end(exchange);
            he.close();
        }
    }

    /**
     * Writes the response; returns the status to record. A response written to its end is
     * recorded with its status, whatever happens on the connection afterwards (a client
     * that closes once it has the last byte, as curl does, left nothing unanswered); 499
     * only when the client was gone before then (nginx's convention).
     */
    private int write(HttpExchange he, Exchange exchange, Response response, GuardedConnection conn) {
        String method = exchange.request().method();
        int status = response.status();
        if (status == ProxyErrors.CLIENT_CLOSED || clientLeft(exchange)) {
            closeQuietly(response.body());
            conn.close();
            return ProxyErrors.CLIENT_CLOSED;
        }
        HeaderFields fields = response.headers();
        var out = he.getResponseHeaders();
        for (HeaderFields.Field f : fields) {
            // Framing is HttpServer's: it writes Content-Length or chunked itself (RFC 9112 6).
            if (!f.is("Content-Length") && !f.is("Transfer-Encoding") && !f.is("Connection")) {
                out.add(f.name(), f.value());
            }
        }
        String why = exchange.cancellation().reason();
        if (ingress.draining() || exchange.closesAfterResponse()
                || why != null && why.startsWith(Cancellation.BODY_REJECTED_PREFIX)) {
            out.set("Connection", "close");                  // RFC 9112 9.6: tell the client we close
        }
        long length = response.body().length();
        try {
            if (Response.isBodiless(method, status)) {
                String cl = fields.first("Content-Length");
                if ("HEAD".equals(method) && cl != null) {
                    out.set("Content-Length", cl);           // RFC 9110 9.3.2: HEAD reports the GET's length
                }
                closeQuietly(response.body());
                he.sendResponseHeaders(status, -1);
                return status;
            }
            he.sendResponseHeaders(status, length == 0 ? -1 : length < 0 ? 0 : length);
            if (length != 0 && !copy(response.body(), he.getResponseBody(), exchange, conn) && clientLeft(exchange)) {
                return ProxyErrors.CLIENT_CLOSED;           // cut short because the client went away
            }
            return status;
        } catch (IOException e) {
            exchange.cancellation().cancel(Cancellation.CLIENT_CLOSED);
            closeQuietly(response.body());
            conn.close();
            return ProxyErrors.CLIENT_CLOSED;
        }
    }

    private static boolean clientLeft(Exchange exchange) {
        return Cancellation.CLIENT_CLOSED.equals(exchange.cancellation().reason());
    }

    /**
     * Streams the body, flushing whenever the source has nothing more ready so that a
     * slow or streaming backend's bytes reach the client as they come, and counts each
     * buffer written on the exchange ({@code Exchange.addResponseBytes}). A failed read
     * (backend broke, deadline) closes the client connection: the response cannot be
     * completed, and ending it cleanly would pass a truncated body off as whole.
     *
     * @return whether the body was written to its end; false when its source failed
     * @throws IOException when writing to the client failed
     */
    private static boolean copy(Body body, OutputStream out, Exchange exchange, GuardedConnection conn)
            throws IOException {
        byte[] buf = new byte[COPY_BUFFER_BYTES];
        long length = body.length();
        long written = 0;
        try (InputStream in = body.stream()) {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    if (written == length) {
                        // Every declared byte went out before the read that would have seen
                        // the end failed (a client that closed at once had cancelled it).
                        break;
                    }
                    conn.close();
                    return false;
                }
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                written += n;
                exchange.addResponseBytes(n);                 // body bytes, before HttpServer's chunk framing
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
        out.close();
        return true;
    }

    private static void closeQuietly(Body body) {
        try {
            body.stream().close();
        } catch (IOException | RuntimeException ignored) {
            // nothing to release, or already released
        }
    }
}
