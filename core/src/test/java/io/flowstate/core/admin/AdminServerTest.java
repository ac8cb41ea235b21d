package io.flowstate.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.AdminConfig;
import io.flowstate.core.config.ConfigLoader;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.proxy.Snapshot;
import io.flowstate.core.spi.Upstream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin API over a real loopback socket, with a stand-in for the server behind it. */
class AdminServerTest {
    private static final String TOKEN = "s3cret-admin-token-0123";
    private static final String CONFIG = """
            {
              "listen": "127.0.0.1:8080",
              "pools": {"web": {"backends": [{"url": "http://127.0.0.1:9001"}, {"url": "http://127.0.0.1:9002"}]}},
              "routes": [{"name": "web", "path": "/", "pool": "web",
                          "filters": [{"type": "auth", "scheme": "bearer", "tokens": ["route-secret-abcdef"]}]}]
            }
            """;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path scratch;
    private final Metrics metrics = Metrics.create();
    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicInteger drains = new AtomicInteger();
    private volatile boolean draining;
    private volatile AdminActions.ReloadOutcome nextReload = new AdminActions.ReloadOutcome(true, "applied", List.of());
    private AdminServer server;

    private final Upstream unused = new Upstream() {
        @Override
        public java.util.concurrent.CompletionStage<io.flowstate.core.http.Response> send(Endpoint e,
                io.flowstate.core.http.Request r, io.flowstate.core.http.Exchange x, long t) {
            return CompletableFuture.failedFuture(new AssertionError("no request is proxied here"));
        }

        @Override
        public void close() {
        }
    };

    private AdminServer start(String token) throws Exception {
        ProxyConfig config = ConfigLoader.parse(CONFIG, Set.of("jdk"), Set.of("wrr"));
        Snapshot snapshot = io.flowstate.core.proxy.TestSnapshots.compile(config, unused, System::nanoTime, scratch);
        metrics.counter(MetricNames.CONFIG_RELOADS, "success").inc();
        AdminActions actions = new AdminActions() {
            @Override
            public Snapshot snapshot() {
                return snapshot;
            }

            @Override
            public JsonValue configDocument() {
                return config.document();
            }

            @Override
            public Metrics metrics() {
                return metrics;
            }

            @Override
            public boolean draining() {
                return draining;
            }

            @Override
            public ReloadOutcome reload() {
                reloads.incrementAndGet();
                return nextReload;
            }

            @Override
            public void drain() {
                drains.incrementAndGet();
                draining = true;
            }
        };
        server = AdminServer.start(new AdminConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token),
                actions);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An answer read off the socket: status, fields (names lower-cased), body. */
    record Reply(int statusCode, Map<String, String> fields, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** One request on its own connection, read to the end (the server closes after Content-Length). */
    private Reply call(String method, String path, String token) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            String head = method + " " + path + " HTTP/1.1\r\nHost: admin\r\nConnection: close\r\n"
                    + (method.equals("POST") ? "Content-Length: 0\r\n" : "")
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            return new Reply(Integer.parseInt(lines[0].substring(9, 12)), fields, text.substring(end + 4));
        }
    }

    private static JsonObject json(Reply r) throws Exception {
        return (JsonObject) Json.parse(r.body());
    }

    @Test
    void livenessAndReadinessFollowTheDrain() throws Exception {
        start(null);
        assertEquals(200, call("GET", "/healthz", null).statusCode());
        assertEquals(200, call("GET", "/readyz", null).statusCode());
        Reply drain = call("POST", "/admin/drain", null);
        assertEquals(202, drain.statusCode());
        assertEquals(1, drains.get());
        Reply ready = call("GET", "/readyz", null);
        assertEquals(503, ready.statusCode());
        assertEquals("draining", ((JsonString) json(ready).get("status")).value());
        assertEquals(200, call("GET", "/healthz", null).statusCode(), "still alive while draining");
    }

    @Test
    void metricsAreThePrometheusText() throws Exception {
        start(null);
        Reply r = call("GET", "/metrics", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.header("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(r.body().contains("flowstate_config_reloads_total{result=\"success\"} 1"), r.body());
    }

    @Test
    void backendsListEveryPoolAndEndpoint() throws Exception {
        start(null);
        JsonObject body = json(call("GET", "/admin/backends", null));
        JsonObject web = (JsonObject) ((JsonArray) body.get("pools")).get(0);
        assertEquals("web", ((JsonString) web.get("name")).value());
        JsonArray endpoints = (JsonArray) web.get("endpoints");
        assertEquals(2, endpoints.size());
        JsonObject first = (JsonObject) endpoints.get(0);
        assertEquals("127.0.0.1:9001", ((JsonString) first.get("address")).value());
        for (String key : List.of("available", "health", "ejected", "breaker", "outstanding", "latencyEwmaMs", "events")) {
            assertTrue(first.has(key), key);
        }
    }

    @Test
    void routesAreListedInOrderWithTheirFilters() throws Exception {
        start(null);
        JsonObject body = json(call("GET", "/admin/routes", null));
        JsonObject route = (JsonObject) ((JsonArray) body.get("routes")).get(0);
        assertEquals("web", ((JsonString) route.get("name")).value());
        assertEquals("auth", ((JsonString) ((JsonArray) route.get("filters")).get(0)).value());
    }

    @Test
    void theConfigIsShownWithSecretsRedacted() throws Exception {
        start(null);
        Reply r = call("GET", "/admin/config", null);
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("route-secret-abcdef"), r.body());
        assertTrue(r.body().contains("\"tokens\":\"[redacted]\""), r.body());
        assertTrue(r.body().contains("\"listen\":\"127.0.0.1:8080\""), r.body());
    }

    @Test
    void reloadReportsWhatHappened() throws Exception {
        start(null);
        Reply ok = call("POST", "/admin/reload", null);
        assertEquals(200, ok.statusCode());
        nextReload = new AdminActions.ReloadOutcome(false, "1 config error(s)",
                List.of("routes[0].pool: unknown pool \"wbe\" at 4:36"));
        Reply refused = call("POST", "/admin/reload", null);
        assertEquals(422, refused.statusCode());
        JsonObject body = json(refused);
        assertEquals("routes[0].pool: unknown pool \"wbe\" at 4:36",
                ((JsonString) ((JsonArray) body.get("errors")).get(0)).value());
        assertEquals(2, reloads.get());
    }

    @Test
    void wrongMethodsAndUnknownPaths() throws Exception {
        start(null);
        Reply get = call("GET", "/admin/reload", null);
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.header("Allow").orElse(""));
        assertEquals(0, reloads.get(), "a GET never reloads");
        assertEquals(405, call("POST", "/metrics", null).statusCode());
        assertEquals(404, call("GET", "/admin/nope", null).statusCode());
    }

    @Test
    void aTokenGuardsEverythingButLivenessAndReadiness() throws Exception {
        start(TOKEN);
        assertEquals(200, call("GET", "/healthz", null).statusCode());
        assertEquals(200, call("GET", "/readyz", null).statusCode());
        Reply none = call("GET", "/metrics", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.header("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(403, call("GET", "/metrics", "wrong-token-wrong-token").statusCode());
        assertEquals(403, call("POST", "/admin/drain", "wrong-token-wrong-token").statusCode());
        assertEquals(0, drains.get(), "a wrong token drains nothing");
        assertEquals(200, call("GET", "/metrics", TOKEN).statusCode());
        assertEquals(202, call("POST", "/admin/drain", TOKEN).statusCode());
    }

    @Test
    void aBodyIsRefusedUnreadAndDoesNothing() throws Exception {
        start(null);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.getOutputStream().write(("POST /admin/drain HTTP/1.1\r\nHost: admin\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", answer, "answered without waiting for the body");
        }
        assertEquals(0, drains.get());
    }

    @Test
    void aNewTokenAppliesInPlace() throws Exception {
        start(TOKEN);
        server.token("another-token-0123456789");
        assertEquals(403, call("GET", "/metrics", TOKEN).statusCode());
        assertEquals(200, call("GET", "/metrics", "another-token-0123456789").statusCode());
    }
}
