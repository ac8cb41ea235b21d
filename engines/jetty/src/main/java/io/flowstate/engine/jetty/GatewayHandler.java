package io.flowstate.engine.jetty;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.BytesBody;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.BadRequestException;
import io.flowstate.core.http1.Framing;
import io.flowstate.core.http1.Http1RequestRules;
import io.flowstate.core.http1.HttpDate;
import io.flowstate.core.http1.RequestHead;
import io.flowstate.core.http1.ResponsePlan;
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
            case CLOSE_DELIMITED -> throw new IllegalStateException("a request head is never close-delimited");
        };
        var coreRequest = new io.flowstate.core.http.Request(head.method(), head.target(), head.headers(), body);
        InetSocketAddress client = (InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress();
        Exchange exchange = new Exchange(coreRequest, client, "http", request.getHeadersNanoTime());
        source.exchange(exchange);
        request.addFailureListener(failure -> exchange.cancellation().cancel(CancelCause.CLIENT_CLOSED));
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
            write(head, exchange, r, response, endpoint, done);
        });
        return true;
    }

    /**
     * Jetty has parsed the head in its strict mode; the core's rules then judge it as the
     * other engines do (framing, Host, field syntax), on the fields as Jetty read them.
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
        HeaderFields fields = new HeaderFields();
        for (HttpField f : request.getHeaders()) {
            fields.add(f.getName(), f.getValue());
        }
        return Http1RequestRules.admit(request.getMethod(), target,
                request.getConnectionMetaData().getHttpVersion().asString(), fields,
                Http1RequestRules.DEFAULT_MAX_HEADER_FIELDS);
    }

    private static void writeRefusal(org.eclipse.jetty.server.Response response, int status, String reason,
                                     Callback done) {
        byte[] body = ProxyErrors.body(status, reason, null).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "application/json");
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        h.put(HttpHeader.CONNECTION, "close");                       // RFC 9112 9.6
        h.put(HttpHeader.DATE, HttpDate.text());
        response.write(true, ByteBuffer.wrap(body), done);
    }

    /** Writes what the plan says; the exchange finishes when the last byte went or writing failed. */
    private void write(RequestHead head, Exchange exchange, Response answer, org.eclipse.jetty.server.Response response,
                       EndPoint endpoint, Callback done) {
        ResponsePlan plan = ResponsePlan.of(exchange, answer, head.isHttp11(), head.keepAlive(), ingress.draining());
        Callback finish = new Callback() {
            @Override
            public void succeeded() {
                plan.finish(ResponsePlan.End.WRITTEN);
                done.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                // A write that failed found the client gone; a source that failed was cut.
                plan.finish(exchange.cancellation().clientClosed() || !endpoint.isOpen()
                        ? ResponsePlan.End.CLIENT_GONE : ResponsePlan.End.CUT);
                done.failed(x);                                      // Jetty aborts the connection
            }
        };
        Body body = answer.body();
        if (plan.clientGone()) {
            body.discard();
            finish.failed(new EOFException("client went away"));
            return;
        }
        response.setStatus(plan.status());
        HttpFields.Mutable out = response.getHeaders();
        // Framing is Jetty's to write (RFC 9112 6), from the length the plan gives it.
        plan.forEachField(out::add);
        if (plan.addsDate()) {
            out.put(HttpHeader.DATE, HttpDate.text());                   // RFC 9110 6.6.1
        }
        String connection = plan.connectionValue();
        if (connection != null) {
            out.put(HttpHeader.CONNECTION, connection);                  // RFC 9112 9.6, C.2.2
        }
        if (plan.reportedLength() >= 0) {
            out.put(HttpHeader.CONTENT_LENGTH, plan.reportedLength());   // RFC 9110 8.6, 9.3.2
        }
        if (!plan.hasBody()) {
            body.discard();
            response.write(true, null, finish);
            return;
        }
        if (body.length() == 0) {
            body.discard();
            response.write(true, null, finish);
        } else if (body instanceof BytesBody bytes) {
            exchange.addResponseBytes(bytes.length());             // in memory: one write, no Flow
            response.write(true, bytes.buffer(), finish);
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
