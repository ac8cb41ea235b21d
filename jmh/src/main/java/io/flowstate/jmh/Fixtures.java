package io.flowstate.jmh;

import io.flowstate.core.config.ConfigException;
import io.flowstate.core.config.ConfigLoader;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Balancers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What the benchmarks share: a realistic request as a browser behind a CDN sends it and a
 * backend's response to it ({@code browser}), the smaller request and response of the load
 * harness ({@code harness}), both as objects and as bytes on the wire, the config that sets
 * up the default filter stack, and the names a config may use. Built in {@code @Setup},
 * never inside a measured method, except the fresh responses an upstream makes per request.
 */
final class Fixtures {

    /** The engine names {@link ConfigLoader#parse} accepts here; no engine is loaded. */
    static final Set<String> ENGINES = Set.of("jdk", "jetty");

    /** The client as the socket saw it (RFC 5737 documentation address). */
    static final InetSocketAddress CLIENT;

    static {
        try {
            CLIENT = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 23}), 51724);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * examples/proxy.json with the global filter stack every request passes: requestId,
     * then recovery (the gateway adds its own recovery layer outside both).
     */
    static final String STACK_CONFIG = """
            {
              "listen": "127.0.0.1:8080",
              "engine": "jdk",
              "timeouts": { "connect": "1s", "responseHeader": "10s", "request": "30s",
                            "idle": "60s", "drain": "10s" },
              "transport": { "keepAlive": true, "maxIdlePerBackend": 64 },
              "pools": {
                "web": {
                  "balancer": "wrr",
                  "backends": [ { "url": "http://127.0.0.1:9001", "weight": 2 },
                                { "url": "http://127.0.0.1:9002" } ]
                },
                "api": {
                  "backends": [ { "url": "http://127.0.0.1:9003" } ]
                }
              },
              "routes": [
                { "name": "api", "path": "/api", "match": "prefix", "stripPrefix": true,
                  "methods": ["GET", "POST", "PUT", "DELETE"], "pool": "api" },
                { "name": "web", "host": "*", "path": "/", "match": "prefix", "pool": "web" }
              ],
              "filters": [ { "type": "requestId" }, { "type": "recovery" } ]
            }
            """;

    private Fixtures() {
    }

    /** Every balancer name {@link java.util.ServiceLoader} finds; fails when there is none. */
    static Set<String> balancerNames() {
        Set<String> names = Set.copyOf(Balancers.names());
        if (names.isEmpty()) {
            throw new IllegalStateException("no BalancerFactory on the class path: flowstate-balancers is missing");
        }
        return names;
    }

    /** {@link #STACK_CONFIG}, parsed and validated. */
    static ProxyConfig stackConfig() {
        try {
            return ConfigLoader.parse(STACK_CONFIG, ENGINES, balancerNames());
        } catch (ConfigException e) {
            throw new IllegalStateException("the benchmark config is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * The 12 header fields of a browser's GET that came through a CDN: it carries a
     * forwarding chain, hop-by-hop fields named in Connection, and {@code TE: trailers}, so
     * every rule of the header rewrite has work to do.
     */
    static HeaderFields browserFields() {
        return new HeaderFields()
                .add("Host", "www.example.com")
                .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .add("Accept-Language", "en-GB,en;q=0.5")
                .add("Accept-Encoding", "gzip, deflate, br, zstd")
                .add("Referer", "https://www.example.com/catalog?page=2")
                .add("Cookie", "session=7f3c9a1e5b2d4c6f8a0b; theme=dark; _ga=GA1.2.1234567890.1700000000")
                .add("Cache-Control", "max-age=0")
                .add("Upgrade-Insecure-Requests", "1")
                .add("X-Forwarded-For", "203.0.113.7")
                .add("TE", "trailers")
                .add("Connection", "keep-alive, TE");
    }

    /** A bodiless request with {@link #browserFields()}. */
    static Request browserRequest(String method, String target) {
        return new Request(method, target, browserFields(), Body.empty());
    }

    /**
     * The three header fields of a request as the load harness and curl send it (Host,
     * User-Agent, Accept): no hop-by-hop field, no forwarding chain, the common case of a
     * request from a client on the proxy's own network.
     */
    static HeaderFields harnessFields() {
        return new HeaderFields()
                .add("Host", "127.0.0.1:8080")
                .add("User-Agent", "flowstate-load")
                .add("Accept", "*/*");
    }

    /** A bodiless request with {@link #harnessFields()}. */
    static Request harnessRequest(String method, String target) {
        return new Request(method, target, harnessFields(), Body.empty());
    }

    /** The request of {@code fixture} ({@code browser} or {@code harness}) as an engine hands it to the gateway. */
    static Request request(String fixture, String method, String target) {
        return switch (fixture) {
            case "browser" -> browserRequest(method, target);
            case "harness" -> harnessRequest(method, target);
            default -> throw new IllegalArgumentException("fixture is browser or harness, not " + fixture);
        };
    }

    /**
     * A fresh backend response as the harness's test backends send it: 200 with three
     * fields (X-Backend, Content-Type, Content-Length), none hop-by-hop, no Date.
     */
    static Response harnessResponse() {
        HeaderFields h = new HeaderFields()
                .add("X-Backend", "127.0.0.1:9001")
                .add("Content-Type", "text/plain")
                .add("Content-Length", "1024");
        return new Response(200, h, Body.empty(), Response.Origin.UPSTREAM);
    }

    /** The fresh backend response of {@code fixture}: {@link #upstreamResponse()} or {@link #harnessResponse()}. */
    static Response response(String fixture) {
        return switch (fixture) {
            case "browser" -> upstreamResponse();
            case "harness" -> harnessResponse();
            default -> throw new IllegalArgumentException("fixture is browser or harness, not " + fixture);
        };
    }

    /** The request of {@code fixture} as bytes on the wire: {@code GET target HTTP/1.1}, its fields, CRLF. */
    static byte[] requestHead(String fixture, String target) {
        StringBuilder sb = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        request(fixture, "GET", target).headers().forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The backend response of {@code fixture} as bytes on the wire: {@code HTTP/1.1 200 OK}, its fields, CRLF. */
    static byte[] responseHead(String fixture) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
        response(fixture).headers().forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A fresh backend response, as an engine's upstream makes one per request: 200 with
     * six fields, one of them hop-by-hop. Its body is empty whatever Content-Length says:
     * nothing here reads a body.
     */
    static Response upstreamResponse() {
        HeaderFields h = new HeaderFields()
                .add("Date", "Tue, 15 Jul 2025 10:00:00 GMT")
                .add("Server", "backend/1.0")
                .add("Content-Type", "text/html; charset=utf-8")
                .add("Content-Length", "5120")
                .add("Cache-Control", "private, max-age=60")
                .add("Connection", "keep-alive");
        return new Response(200, h, Body.empty(), Response.Origin.UPSTREAM);
    }

    /** A UTF-8 resource next to this class (the build copies examples/proxy.json here). */
    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is not on the class path; rebuild the jmh module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
