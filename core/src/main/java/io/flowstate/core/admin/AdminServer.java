package io.flowstate.core.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowstate.core.config.AdminConfig;
import io.flowstate.core.filter.Credentials;
import io.flowstate.core.json.JsonOut;
import io.flowstate.core.log.EventLog;
import io.flowstate.core.metrics.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin listener: a small HTTP/1.1 server (the JDK's {@code com.sun.net.httpserver}, on
 * virtual threads) apart from the proxy's listener, so that it answers even when the proxy
 * is saturated or draining.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>GET /healthz</td><td>200 while the process runs (liveness); never needs the token</td></tr>
 *   <tr><td>GET /readyz</td><td>200, or 503 once a drain began (readiness); never needs the token</td></tr>
 *   <tr><td>GET /metrics</td><td>Prometheus text format 0.0.4</td></tr>
 *   <tr><td>GET /admin/backends</td><td>every pool and endpoint: health, ejection, breaker, load</td></tr>
 *   <tr><td>GET /admin/routes</td><td>the routes in order, with their filters</td></tr>
 *   <tr><td>GET /admin/config</td><td>the running config, secrets redacted</td></tr>
 *   <tr><td>POST /admin/reload</td><td>re-read the config: 200 applied, 422 refused with the errors</td></tr>
 *   <tr><td>POST /admin/drain</td><td>202: a graceful drain began</td></tr>
 * </table>
 *
 * With a token, every other path needs {@code Authorization: Bearer <token>}: 401 without
 * credentials, 403 with wrong ones (compared in constant time: {@link Credentials}).
 */
public final class AdminServer implements AutoCloseable {
    private static final EventLog LOG = EventLog.stderr();
    private static final String JSON = "application/json";
    static final int RETIRE_GRACE_SECONDS = 1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AdminActions actions;
    private volatile Credentials token;                         // null: no token needed

    private AdminServer(AdminConfig config, AdminActions actions) throws IOException {
        this.actions = Objects.requireNonNull(actions, "actions");
        token(config.token());
        try {
            this.server = HttpServer.create(config.listen(), 64);
        } catch (IOException e) {
            throw io.flowstate.core.spi.ListenException.of(config.listen(), e);
        }
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flowstate-admin-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Binds {@code config.listen()} and serves until {@link #close()}. */
    public static AdminServer start(AdminConfig config, AdminActions actions) throws IOException {
        return new AdminServer(config, actions);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Asks for {@code token} from now on (a reload changed it); null asks for none. */
    public void token(String token) {
        this.token = token == null ? null : new Credentials(List.of(token));
    }

    /**
     * Closes after a grace of {@value #RETIRE_GRACE_SECONDS} s for exchanges under way (the
     * answer to the reload that moved the admin listener), on a thread of its own.
     */
    public void retire() {
        Thread.ofPlatform().daemon().name("flowstate-admin-retire").start(() -> {
            server.stop(RETIRE_GRACE_SECONDS);
            executor.shutdownNow();
        });
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            String length = x.getRequestHeaders().getFirst("Content-Length");
            if ((length != null && !length.equals("0")) || x.getRequestHeaders().containsKey("Transfer-Encoding")) {
                // No admin request takes a body: refuse one unread rather than wait for it.
                x.getResponseHeaders().set("Connection", "close");
                send(x, 413, JSON, error("body_not_accepted", "admin requests take no body"));
                return;
            }
            String method = x.getRequestMethod();
            switch (path) {
                case "/healthz" -> {
                    if (allow(x, "GET")) {
                        send(x, 200, JSON, status("live"));
                    }
                }
                case "/readyz" -> {
                    if (allow(x, "GET")) {
                        boolean draining = actions.draining();
                        send(x, draining ? 503 : 200, JSON, status(draining ? "draining" : "ready"));
                    }
                }
                case "/metrics", "/admin/backends", "/admin/routes", "/admin/config" -> {
                    if (allow(x, "GET") && authorized(x)) {
                        get(x, path);
                    }
                }
                case "/admin/reload", "/admin/drain" -> {
                    if (allow(x, "POST") && authorized(x)) {
                        post(x, path);
                    }
                }
                default -> send(x, 404, JSON, error("not_found", "no admin endpoint " + path + " (" + method + ")"));
            }
        } catch (RuntimeException e) {
            LOG.log(EventLog.Level.ERROR, "admin_request_failed", "path", x.getRequestURI().getRawPath(),
                    "reason", String.valueOf(e));
            send(x, 500, JSON, error("internal_error", String.valueOf(e.getMessage())));
        }
    }

    private void get(HttpExchange x, String path) throws IOException {
        switch (path) {
            case "/metrics" -> send(x, 200, PrometheusText.CONTENT_TYPE, PrometheusText.format(actions.metrics()));
            case "/admin/backends" -> send(x, 200, JSON, BackendsView.json(actions.snapshot()));
            case "/admin/routes" -> send(x, 200, JSON, RoutesView.json(actions.snapshot().config()));
            default -> send(x, 200, JSON, Redaction.json(actions.configDocument()));
        }
    }

    private void post(HttpExchange x, String path) throws IOException {
        if (path.equals("/admin/drain")) {
            actions.drain();
            send(x, 202, JSON, status("draining"));
            return;
        }
        AdminActions.ReloadOutcome r = actions.reload();
        JsonOut out = new JsonOut().object().field("applied", r.applied()).field("message", r.message())
                .key("errors").array();
        r.errors().forEach(out::value);
        send(x, r.applied() ? 200 : 422, JSON, out.end().end().toString());
    }

    /** RFC 9110 15.5.6: a known path with another method is 405 with Allow. */
    private static boolean allow(HttpExchange x, String method) throws IOException {
        if (x.getRequestMethod().equals(method)) {
            return true;
        }
        x.getResponseHeaders().set("Allow", method);
        send(x, 405, JSON, error("method_not_allowed", x.getRequestURI().getRawPath() + " takes " + method));
        return false;
    }

    private boolean authorized(HttpExchange x) throws IOException {
        Credentials expected = token;
        if (expected == null) {
            return true;
        }
        String h = x.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // RFC 9110 11.6.1 / RFC 6750 3: a 401 names the scheme it wants.
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"flowstate-admin\"");
            send(x, 401, JSON, error("unauthorized", "the admin API needs Authorization: Bearer <token>"));
            return false;
        }
        if (!expected.matches(h.substring(7).strip())) {
            send(x, 403, JSON, error("forbidden", "wrong admin token"));
            return false;
        }
        return true;
    }

    private static String status(String s) {
        return new JsonOut().object().field("status", s).end().toString();
    }

    private static String error(String reason, String message) {
        return new JsonOut().object().field("reason", reason).field("message", message).end().toString();
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
