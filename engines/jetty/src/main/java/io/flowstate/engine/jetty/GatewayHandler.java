package io.flowstate.engine.jetty;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Cancellation;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.Framing;
import io.flowstate.core.http1.Http1RequestRules;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.IngressSettings;
import java.io.EOFException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty engine's one handler: checks each request with the core's rules, runs the
 * gateway, and writes what it answers. It never blocks: the gateway's stage completes on
 * whatever thread finishes the upstream work, and bodies move with Jetty's demand.
 */
final class GatewayHandler extends Handler.Abstract.NonBlocking {
    private static final System.Logger LOG = System.getLogger(GatewayHandler.class.getName());

    private final JettyIngress ingress;
    private final io.flowstate.core.spi.Handler gateway;
    private final IngressSettings settings;

    GatewayHandler(JettyIngress ingress, io.flowstate.core.spi.Handler gateway, IngressSettings settings) {
        this.ingress = ingress;
        this.gateway = gateway;
        this.settings = settings;
    }

    @Override
    public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        EndPoint endpoint = request.getConnectionMetaData().getConnection().getEndPoint();
        ingress.requestStarted(endpoint);
        Callback done = before(() -> ingress.requestEnded(endpoint), callback);

        RequestHead head;
        try {
            head = checkedHead(request);
            if (head.framing() == Framing.FIXED && settings.maxBodyBytes() >= 0
                    && head.contentLength() > settings.maxBodyBytes()) {
                throw new BadRequestException(413, "body_too_large",
                        "Content-Length " + head.contentLength() + " exceeds " + settings.maxBodyBytes());
            }
        } catch (BadRequestException e) {
            // Refused before anything else saw it (Ingress contract): error, then close.
            writeRefusal(response, e.status(), e.reason(), done);
            return true;
        }

        RequestSource source = new RequestSource(request, settings.maxBodyBytes());
        Body body = switch (head.framing()) {
            case NONE -> Body.empty();
            case FIXED -> head.contentLength() == 0 ? Body.empty() : new SourceBody(source, head.contentLength());
            case CHUNKED -> new SourceBody(source, -1);
        };
        var coreRequest = new io.flowstate.core.http.Request(head.method(), head.target(), head.headers(), body);
        InetSocketAddress client = (InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress();
        Exchange exchange = new Exchange(coreRequest, client, "http", request.getHeadersNanoTime());
        source.exchange(exchange);
        request.addFailureListener(failure -> exchange.cancellation().cancel(Cancellation.CLIENT_CLOSED));
        // Connection idleness is for connections between requests; a request in flight
        // has its own deadlines (timeouts.responseHeader, timeouts.request).
        request.addIdleTimeoutListener(timeout -> false);
        ClientWatch watch = new ClientWatch(endpoint, exchange);
        if (body.length() == 0) {
            watch.start();
        } else {
            source.onEnd(watch::start);
        }

        gateway.handle(exchange).whenComplete((answer, bug) -> {
            Response r = answer;
            if (bug != null || r == null) {
                LOG.log(System.Logger.Level.ERROR, "gateway failed for " + exchange, bug);
                r = ProxyErrors.of(500, "internal_error", exchange);
            }
            // From here writes notice a client that leaves; the watch must let go before the
            // response goes out, since the client may send its next request at once.
            watch.stop();
            write(exchange, r, response, done);
        });
        return true;
    }

    /**
     * Jetty has parsed the head in its strict mode; the core's rules then judge it as the
     * other engines do (framing, Host, field syntax), on the head as Jetty read it.
     */
    private static RequestHead checkedHead(Request request) throws BadRequestException {
        HttpURI uri = request.getHttpURI();
        String target = uri.getPath() == null ? "/" : uri.getPath();
        if (uri.getQuery() != null) {
            target += "?" + uri.getQuery();
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null && uri.getAuthority() != null && !host.equalsIgnoreCase(uri.getAuthority())) {
            // Jetty builds every URI absolute; an authority other than Host's can only come
            // from an absolute-form target, which goes on as such (the gateway applies 3.2.2).
            target = uri.getScheme() + "://" + uri.getAuthority() + target;
        }
        StringBuilder head = new StringBuilder(256)
                .append(request.getMethod()).append(' ').append(target).append(' ')
                .append(request.getConnectionMetaData().getHttpVersion().asString()).append("\r\n");
        for (HttpField f : request.getHeaders()) {
            head.append(f.getName()).append(": ").append(f.getValue()).append("\r\n");
        }
        byte[] bytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        return Http1RequestRules.parse(bytes, 0, bytes.length);
    }

    private static void writeRefusal(org.eclipse.jetty.server.Response response, int status, String reason,
                                     Callback done) {
        byte[] body = ProxyErrors.body(status, reason, null).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "application/json");
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        h.put(HttpHeader.CONNECTION, "close");                       // RFC 9112 9.6
        h.put(HttpHeader.DATE, HttpDates.now());
        response.write(true, ByteBuffer.wrap(body), done);
    }

    /** Writes the gateway's answer; the exchange finishes when the last byte went or writing failed. */
    private void write(Exchange exchange, Response answer, org.eclipse.jetty.server.Response response,
                       Callback done) {
        int status = answer.status();
        Callback finish = new Callback() {
            @Override
            public void succeeded() {
                // Written to its end: the client had the whole response, whatever it does next.
                exchange.finish(status);
                done.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                exchange.finish(ProxyErrors.CLIENT_CLOSED);
                done.failed(x);                                      // Jetty aborts the connection
            }
        };
        if (status == ProxyErrors.CLIENT_CLOSED) {
            closeQuietly(answer.body());
            finish.failed(new EOFException("client went away"));
            return;
        }
        String method = exchange.request().method();
        response.setStatus(status);
        HttpFields.Mutable out = response.getHeaders();
        HeaderFields fields = answer.headers();
        for (HeaderFields.Field f : fields) {
            // Framing is the ingress's (RFC 9112 6): Jetty writes Content-Length or chunked.
            if (!f.is("Content-Length") && !f.is("Transfer-Encoding") && !f.is("Connection")) {
                out.add(f.name(), f.value());
            }
        }
        if (!fields.contains("Date")) {
            out.put(HttpHeader.DATE, HttpDates.now());                   // RFC 9110 6.6.1
        }
        String why = exchange.cancellation().reason();
        if (ingress.draining() || exchange.closesAfterResponse()
                || why != null && why.startsWith(Cancellation.BODY_REJECTED_PREFIX)) {
            out.put(HttpHeader.CONNECTION, "close");                   // RFC 9112 9.6
        }
        Body body = answer.body();
        if (Response.isBodiless(method, status)) {
            String cl = fields.first("Content-Length");
            if ("HEAD".equals(method) && cl != null) {
                out.put(HttpHeader.CONTENT_LENGTH, cl);                 // RFC 9110 9.3.2
            }
            closeQuietly(body);
            response.write(true, null, finish);
            return;
        }
        if (body.length() >= 0) {
            out.put(HttpHeader.CONTENT_LENGTH, body.length());
        }
        if (body.length() == 0) {
            closeQuietly(body);
            response.write(true, null, finish);
        } else if (body instanceof SourceBody own) {
            Content.copy(new CountedSource(own.source(), exchange::addResponseBytes), response, finish);
        } else {
            body.subscribe(new Writer(exchange, response, finish));
        }
    }

    /** A callback that runs {@code first}, then completes {@code then} the same way. */
    private static Callback before(Runnable first, Callback then) {
        return new Callback() {
            @Override
            public void succeeded() {
                first.run();
                then.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                first.run();
                then.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return then.getInvocationType();
            }
        };
    }

    private static void closeQuietly(Body body) {
        try {
            if (body instanceof SourceBody own) {
                own.source().fail(new EOFException("body not wanted"));
            } else {
                body.stream().close();
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // nothing to release, or already released
        }
    }

    /**
     * Writes a body that is not Jetty's own, one buffer at a time, asking for the next when one
     * is written, and counts each buffer's bytes on the exchange as it hands it to the connection.
     */
    private static final class Writer implements Flow.Subscriber<ByteBuffer> {
        private final Exchange exchange;
        private final org.eclipse.jetty.server.Response response;
        private final Callback finish;
        private Flow.Subscription subscription;

        Writer(Exchange exchange, org.eclipse.jetty.server.Response response, Callback finish) {
            this.exchange = exchange;
            this.response = response;
            this.finish = finish;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer buffer) {
            exchange.addResponseBytes(buffer.remaining());
            response.write(false, buffer, Callback.from(() -> subscription.request(1), failure -> {
                subscription.cancel();
                finish.failed(failure);
            }));
        }

        @Override
        public void onError(Throwable failure) {
            finish.failed(failure);
        }

        @Override
        public void onComplete() {
            response.write(true, null, finish);
        }
    }
}
