package io.flowstate.engine.jdk;

import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamException;
import io.flowstate.core.spi.UpstreamException.Kind;
import io.flowstate.core.spi.UpstreamSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK engine's client side: one {@link HttpClient} pinned to HTTP/1.1, keep-alive
 * pooled by the JDK, redirects never followed, no proxy, callbacks on virtual threads.
 *
 * <p>Workarounds and limits (see docs/engines.md):
 * <ul>
 *   <li>Host and Connection are "restricted" in java.net.http; the engine allows them
 *       with {@code jdk.httpclient.allowRestrictedHeaders} (set by {@link JdkEngine} and
 *       the launcher) and fails fast with that name when they are still refused.</li>
 *   <li>The client needs a {@link URI}: a target that {@code URI} rejects cannot be sent
 *       and gets 400 {@code target_not_uri} (strict parsing lets few such through); it
 *       fails as {@link Kind#UNSENDABLE}, so the endpoint hears nothing of it.</li>
 *   <li>Pool size and idle time are per client, not per backend:
 *       {@code transport.maxIdlePerBackend} cannot be applied and is ignored by this engine;
 *       idle time comes from {@code jdk.httpclient.keepalive.timeout}.</li>
 *   <li>Response fields come back grouped by name: the relative order of different names
 *       is lost (order within a name is kept, which is what RFC 9110 5.3 requires).</li>
 * </ul>
 */
final class JdkUpstream implements Upstream {
    /** Fields java.net.http sets itself and refuses from callers (framing). */
    private static final Set<String> CLIENT_OWNED = caseInsensitive("content-length", "expect", "connection");

    private final HttpClient client;
    private final ExecutorService executor;
    private final boolean keepAlive;

    JdkUpstream(UpstreamSettings settings) {
        this.keepAlive = settings.keepAlive();
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .executor(executor)
                .build();
        checkRestrictedHeadersAllowed();
    }

    private static void checkRestrictedHeadersAllowed() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe").header("Connection", "close");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("java.net.http refuses the Host header; start the JVM with "
                    + "-Djdk.httpclient.allowRestrictedHeaders=host,connection (bin/flowstate does)", e);
        }
    }

    @Override
    public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                                          long responseHeaderTimeoutNanos) {
        HttpRequest request;
        try {
            request = build(endpoint, outbound, responseHeaderTimeoutNanos);
        } catch (UpstreamException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<InputStream>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        // A client that leaves, or a deadline that passes, aborts the exchange: the JDK
        // closes the connection, so the backend sees it go.
        Runnable unhook = exchange.cancellation().onCancel(() -> future.cancel(true));
        return future.handle((response, error) -> {
            unhook.run();
            if (error != null) {
                throw new CompletionException(classify(unwrap(error), endpoint));
            }
            InputStream body = response.body();
            exchange.cancellation().onCancel(() -> closeQuietly(body));
            return new Response(response.statusCode(), fields(response.headers().map()),
                    Body.of(body, response.headers().firstValueAsLong("Content-Length").orElse(-1)),
                    Response.Origin.UPSTREAM);
        });
    }

    /**
     * The request as java.net.http takes it. What it refuses never reaches the endpoint
     * ({@link Kind#UNSENDABLE}): a target {@link URI} rejects is the client's (400
     * {@code target_not_uri}); a field the builder rejects is the proxy's (502).
     */
    private HttpRequest build(Endpoint endpoint, Request outbound, long responseHeaderTimeoutNanos) {
        URI uri;
        try {
            uri = new URI("http://" + endpoint.key() + outbound.target());
        } catch (java.net.URISyntaxException e) {
            throw UpstreamException.unsendable(400, "target_not_uri",
                    "java.net.URI refuses the request-target: " + e.getMessage(), e);
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofNanos(responseHeaderTimeoutNanos));
            withMethod(b, outbound);
            for (HeaderFields.Field f : outbound.headers()) {
                if (!CLIENT_OWNED.contains(f.name())) {
                    b.header(f.name(), f.value());
                }
            }
            if (!keepAlive) {
                b.header("Connection", "close");
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw UpstreamException.unsendable(502, Kind.PROTOCOL.reason(),
                    "java.net.http refuses the request: " + e.getMessage(), e);
        }
    }

    /**
     * RFC 9110 8.6: a GET or HEAD without content goes on without framing fields; only the
     * builder's own GET() and HEAD() keep java.net.http from adding "Content-Length: 0".
     */
    private static void withMethod(HttpRequest.Builder b, Request outbound) {
        boolean noContent = outbound.body().length() == 0 && !outbound.headers().contains("Content-Length");
        switch (noContent ? outbound.method() : "") {
            case "GET" -> b.GET();
            case "HEAD" -> b.HEAD();
            default -> b.method(outbound.method(), publisher(outbound.body()));
        }
    }

    private static HttpRequest.BodyPublisher publisher(Body body) {
        long length = body.length();
        if (length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return length > 0
                ? HttpRequest.BodyPublishers.fromPublisher(body, length)
                : HttpRequest.BodyPublishers.fromPublisher(body);   // chunked: RFC 9112 7.1
    }

    private static HeaderFields fields(Map<String, List<String>> map) {
        HeaderFields h = new HeaderFields();
        map.forEach((name, values) -> values.forEach(v -> h.add(name, v)));
        return h;
    }

    private static UpstreamException classify(Throwable t, Endpoint endpoint) {
        String where = " (" + endpoint.key() + ")";
        if (t instanceof HttpConnectTimeoutException) {
            return new UpstreamException(Kind.CONNECT_TIMEOUT, "connect timed out" + where, t);
        }
        if (t instanceof HttpTimeoutException) {
            return new UpstreamException(Kind.RESPONSE_TIMEOUT, "no response head in time" + where, t);
        }
        if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                || t.getCause() instanceof ConnectException) {
            return new UpstreamException(Kind.CONNECT_FAILED, "connect failed" + where + ": " + t, t);
        }
        if (t instanceof java.net.ProtocolException) {
            // For instance a 101 (java.net.http: "Unexpected 101 response, when not upgrading").
            return new UpstreamException(Kind.PROTOCOL, "bad response" + where + ": " + t.getMessage(), t);
        }
        if (t instanceof IOException) {
            return new UpstreamException(Kind.RESET, "connection broke before the response head" + where + ": " + t, t);
        }
        if (t instanceof IllegalArgumentException) {
            return UpstreamException.unsendable(502, Kind.PROTOCOL.reason(),
                    "request refused by java.net.http" + where + ": " + t.getMessage(), t);
        }
        return new UpstreamException(Kind.RESET, t.toString() + where, t);
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // abandoning the body is all we want
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        s.addAll(List.of(names));
        return s;
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
