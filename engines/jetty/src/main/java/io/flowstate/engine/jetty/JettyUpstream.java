package io.flowstate.engine.jetty;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.http1.Http1Interim;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.spi.UpstreamException.Kind;
import io.flowstate.core.spi.UpstreamSettings;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The Jetty engine's client side: one {@link HttpClient} over HTTP/1.1, pooled per
 * backend ({@code transport.maxIdlePerBackend} bounds the pool), redirects never
 * followed, no cookies, no content decoding, no User-Agent of its own: it sends what it
 * is given.
 *
 * <p>The response-header timeout is a scheduler task per try, cancelled when the head
 * arrives; cancellation of the exchange aborts the request, which closes the backend
 * connection (and fails a response body still streaming).
 */
final class JettyUpstream implements Upstream {
    /** Abort cause for a head that did not arrive in time. */
    private static final class HeadTimeout extends Exception {
        HeadTimeout() {
            super("no response head in time", null, false, false);
        }
    }

    /** Abort cause for a 1xx the proxy cannot relay (101 above all): see {@code Http1Interim}. */
    private static final class UnexpectedInterim extends Exception {
        UnexpectedInterim(int status) {
            super("the backend answered " + status + ", which the proxy does not relay", null, false, false);
        }
    }

    /** Abort cause for a cancelled exchange. */
    private static final class Cancelled extends Exception {
        Cancelled(String reason) {
            super("exchange cancelled: " + reason, null, false, false);
        }
    }

    private final HttpClient client;
    private final boolean keepAlive;
    /**
     * Connections that have carried a try, to tell a new connection from a reused one. Weak
     * keys: a closed connection leaves when Jetty lets go of it. One short lock per try.
     */
    private final Set<org.eclipse.jetty.client.Connection> used =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final JettyRuntime runtime;

    JettyUpstream(UpstreamSettings settings) {
        this.keepAlive = settings.keepAlive();
        this.runtime = new JettyRuntime(settings.loops());
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(runtime.selectors);
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(runtime.threads);
        client.setScheduler(runtime.scheduler);
        client.setByteBufferPool(runtime.buffers);
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(settings.idleTimeout().toMillis());
        client.setMaxConnectionsPerDestination(Math.max(1, settings.maxIdlePerBackend()) * 16);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.getContentDecoderFactories().clear();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty's HttpClient: " + e, e);
        }
    }

    @Override
    public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                                          long responseHeaderTimeoutNanos) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        org.eclipse.jetty.client.Request request = client.newRequest(endpoint.host(), endpoint.port())
                .method(outbound.method())
                .path(outbound.target());
        request.headers(h -> {
            h.remove(HttpHeader.HOST);
            for (HeaderFields.Field f : outbound.headers()) {
                if (!f.is("Content-Length") && !f.is("Transfer-Encoding")) {
                    h.add(f.name(), f.value());
                }
            }
            if (!keepAlive) {
                h.put(HttpHeader.CONNECTION, "close");
            }
        });
        Body body = outbound.body();
        if (body.length() != 0) {
            request.body(body instanceof SourceBody own
                    ? new SourceContent(own.source(), body.length())
                    : new PublisherContent(body));
        }

        long handed = System.nanoTime();
        request.onRequestBegin(r -> {
            org.eclipse.jetty.client.Connection connection = r.getConnection();
            if (connection != null) {
                if (used.add(connection)) {
                    endpoint.connections().opened(System.nanoTime() - handed);
                } else {
                    endpoint.connections().reused();
                }
            }
        });

        Scheduler.Task timer = client.getScheduler().schedule(
                () -> request.abort(new HeadTimeout()), responseHeaderTimeoutNanos, TimeUnit.NANOSECONDS);
        Runnable unhook = exchange.cancellation().onCancel(
                () -> request.abort(new Cancelled(exchange.cancellation().cause().reason())));

        // Jetty's client would take a 101 as the start of an upgrade and wait: the proxy does
        // not relay upgrades, so a 101, or a 1xx other than 100 and 103, ends the try as a
        // protocol error (502, and the client connection closes).
        request.onResponseBegin(r -> {
            if (!Http1Interim.relayable(r.getStatus())) {
                request.abort(new UnexpectedInterim(r.getStatus()));
            }
        });
        request.onResponseContentSource((response, source) -> {
            timer.cancel();
            result.complete(toCore(response, source));
        });
        request.send(outcome -> {
            timer.cancel();
            unhook.run();
            if (result.isDone()) {
                return;                                   // the body's own failure reaches its reader
            }
            if (outcome.isFailed()) {
                result.completeExceptionally(classify(outcome.getFailure(), endpoint));
            } else {
                // A response that carried no content source (no body at all).
                result.complete(toCore(outcome.getResponse(), null));
            }
        });
        return result;
    }

    /** The threads, scheduler and buffers a server started beside this client shares. */
    JettyRuntime runtime() {
        return runtime;
    }

    @Override
    public boolean reportsConnections() {
        return true;
    }

    /** Idle pooled connections to the endpoint's address (0 before the first request to it). */
    @Override
    public int idleConnections(Endpoint endpoint) {
        for (Destination d : client.getDestinations()) {
            Origin.Address a = d.getOrigin().getAddress();
            if (a.getPort() == endpoint.port() && a.getHost().equalsIgnoreCase(endpoint.host())
                    && d.getConnectionPool() instanceof AbstractConnectionPool pool) {
                return pool.getIdleConnectionCount();
            }
        }
        return 0;
    }

    private static Response toCore(org.eclipse.jetty.client.Response response, Content.Source source) {
        HeaderFields fields = new HeaderFields();
        for (HttpField f : response.getHeaders()) {
            fields.add(f.getName(), f.getValue());
        }
        long length = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        Body body = source == null ? Body.empty() : new SourceBody(source, length);
        return new Response(response.getStatus(), fields, body, Response.Origin.UPSTREAM);
    }

    private static UpstreamException classify(Throwable t, Endpoint endpoint) {
        String where = " (" + endpoint.key() + ")";
        if (t instanceof HeadTimeout) {
            return new UpstreamException(Kind.RESPONSE_TIMEOUT, "no response head in time" + where, t);
        }
        if (t instanceof SocketTimeoutException) {
            return new UpstreamException(Kind.CONNECT_TIMEOUT, "connect timed out" + where, t);
        }
        if (t instanceof ConnectException || t instanceof UnresolvedAddressException) {
            return new UpstreamException(Kind.CONNECT_FAILED, "connect failed" + where + ": " + t, t);
        }
        if (t instanceof HttpResponseException || t instanceof UnexpectedInterim) {
            return new UpstreamException(Kind.PROTOCOL, "bad response" + where + ": " + t.getMessage(), t);
        }
        return new UpstreamException(Kind.RESET, "connection broke before the response head" + where + ": " + t, t);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            System.getLogger(JettyUpstream.class.getName()).log(System.Logger.Level.WARNING, "stopping HttpClient", e);
        }
        runtime.close();
    }
}
