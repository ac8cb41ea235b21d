package io.flowstate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowstate run} as a real process: it serves, and on SIGTERM it drains and exits 0.
 */
class SignalShutdownTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+)");

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Also: standard output carries only the access log's JSON lines (the config sends the
     * access log there); the banner and the drain's lines go to standard error.
     */
    @Test
    void sigtermDrainsAndExitsZero(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("proxy.json");
        Files.writeString(config, """
                { "listen": "127.0.0.1:0",
                  "timeouts": { "drain": "5s" },
                  "pools": { "web": { "backends": [ { "url": "http://127.0.0.1:%d" } ] } },
                  "routes": [ { "path": "/", "pool": "web" } ],
                  "filters": [ { "type": "accessLog" } ] }
                """.formatted(freePort()));
        Path stdout = dir.resolve("stdout");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.flowstate.cli.Main", "run", "-c", config.toString(), "--demo-backends")
                .redirectOutput(stdout.toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String url = null;
            String line;
            while (url == null && (line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url = m.group(1);
                }
            }
            assertTrue(url != null, "never listened: " + lines);

            URI uri = URI.create(url);
            try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                s.setSoTimeout(15_000);
                s.getOutputStream().write("GET /hi HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertTrue(status.startsWith("HTTP/1.1 200 "), status);
            }

            p.toHandle().destroy();                          // SIGTERM; Process.destroy() would also close our pipes
            while ((line = out.readLine()) != null) {        // to the end of its output
                lines.add(line);
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not stop after SIGTERM");
            assertEquals(0, p.exitValue(), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("flowstate: stopped")), String.join("\n", lines));
            List<String> logged = Files.readAllLines(stdout, StandardCharsets.UTF_8);
            assertEquals(1, logged.size(), "one access log line, and nothing else: " + logged);
            for (String l : logged) {
                io.flowstate.core.json.JsonValue v = io.flowstate.core.json.Json.parse(l);
                assertTrue(v instanceof io.flowstate.core.json.JsonObject o && o.get("path") instanceof io.flowstate.core.json.JsonString path && path.value().equals("/hi"),
                        "an access log line: " + l);
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
