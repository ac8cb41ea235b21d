package io.flowstate.engine.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.BytesBody;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.http1.ResponsePlan;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

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
            case CLOSE_DELIMITED -> throw new IllegalStateException("a request head is never close-delimited");
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
        ResponsePlan plan = null;
        try {
            Response response;
            try {
                response = gateway.handle(exchange).toCompletableFuture().join();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "gateway failed for " + exchange, e);
                response = ProxyErrors.of(500, "internal_error", exchange);
            }
            plan = ResponsePlan.of(exchange, response, head.isHttp11(), head.keepAlive(), ingress.draining());
            plan.finish(write(he, plan, conn));
        } finally {
            if (plan == null) {
                exchange.finish(500);                         // a bug before the plan: nothing was written
            }
            conn.end(exchange);
            he.close();
        }
    }

    /**
     * Writes what the plan says; HttpServer frames it (Content-Length, or chunked, or until
     * close for an HTTP/1.0 client) from the length it is given. Returns how writing ended.
     */
    private ResponsePlan.End write(HttpExchange he, ResponsePlan plan, GuardedConnection conn) {
        Body body = plan.response().body();
        if (plan.clientGone()) {
            body.discard();
            conn.close();
            return ResponsePlan.End.CLIENT_GONE;
        }
        var out = he.getResponseHeaders();
        plan.forEachField(out::add);
        String connection = plan.connectionValue();
        if (connection != null) {
            out.set("Connection", connection);              // RFC 9112 9.6; HttpServer closes after "close"
        }
        try {
            if (!plan.hasBody()) {
                if (plan.reportedLength() >= 0) {
                    out.set("Content-Length", Long.toString(plan.reportedLength()));   // RFC 9110 9.3.2
                }
                body.discard();
                he.sendResponseHeaders(plan.status(), -1);
                return ResponsePlan.End.WRITTEN;
            }
            long length = plan.contentLength();
            he.sendResponseHeaders(plan.status(), length == 0 ? -1 : length < 0 ? 0 : length);
            if (length != 0 && !copy(body, he.getResponseBody(), plan.exchange(), conn)) {
                return plan.exchange().cancellation().clientClosed() ? ResponsePlan.End.CLIENT_GONE
                        : ResponsePlan.End.CUT;
            }
            return ResponsePlan.End.WRITTEN;
        } catch (IOException e) {
            plan.exchange().cancellation().cancel(CancelCause.CLIENT_CLOSED);
            body.discard();
            conn.close();
            return ResponsePlan.End.CLIENT_GONE;
        }
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
        if (body instanceof BytesBody bytes) {
            ByteBuffer b = bytes.buffer();
            byte[] array = new byte[b.remaining()];
            b.get(array);
            out.write(array);
            exchange.addResponseBytes(array.length);
            out.close();
            return true;
        }
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
}
