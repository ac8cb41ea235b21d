package io.flowstate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowstate.core.config.BackendConfig;
import io.flowstate.core.config.PoolConfig;
import io.flowstate.core.config.ProxyConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Echo backends for trying the proxy out ({@code flowstate run --demo-backends}): one on
 * each loopback backend address in the config, answering with a small JSON document of
 * what it received (method, target, fields), so the proxy's rewriting can be seen.
 * Only loopback addresses are served; others are skipped with a note.
 */
final class DemoBackends implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    static DemoBackends start(ProxyConfig config, PrintStream out) throws IOException {
        DemoBackends demo = new DemoBackends();
        Set<String> seen = new LinkedHashSet<>();
        try {
            for (PoolConfig pool : config.pools().values()) {
                for (BackendConfig b : pool.backends()) {
                    if (!seen.add(b.key())) {
                        continue;
                    }
                    InetAddress address = InetAddress.getByName(b.host());
                    if (!address.isLoopbackAddress()) {
                        out.println("demo backend: skipping " + b.key() + " (not a loopback address)");
                        continue;
                    }
                    demo.serve(new InetSocketAddress(address, b.port()), b.key());
                    out.println("demo backend: echoing on http://" + b.key());
                }
            }
        } catch (IOException e) {
            demo.close();
            throw new IOException("demo backend: " + e.getMessage(), e);
        }
        return demo;
    }

    private void serve(InetSocketAddress address, String name) throws IOException {
        HttpServer server = HttpServer.create(address, 128);
        server.setExecutor(executor);
        server.createContext("/", exchange -> echo(exchange, name));
        server.start();
        servers.add(server);
    }

    private static void echo(HttpExchange exchange, String name) throws IOException {
        byte[] received = exchange.getRequestBody().readAllBytes();
        StringBuilder json = new StringBuilder(256)
                .append("{\n  \"backend\": ").append(quote(name))
                .append(",\n  \"method\": ").append(quote(exchange.getRequestMethod()))
                .append(",\n  \"target\": ").append(quote(exchange.getRequestURI().toString()))
                .append(",\n  \"bodyBytes\": ").append(received.length)
                .append(",\n  \"headers\": {");
        String sep = "\n";
        for (var e : exchange.getRequestHeaders().entrySet()) {
            json.append(sep).append("    ").append(quote(e.getKey())).append(": ")
                    .append(quote(String.join(", ", e.getValue())));
            sep = ",\n";
        }
        json.append("\n  }\n}\n");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Backend", name);
        exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
        if (!"HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
