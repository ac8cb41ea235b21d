package io.flowstate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowstate run} as a real process: SIGHUP reloads the file (a bad file changes
 * nothing), and {@code POST /admin/drain} ends the process with exit code 0.
 */
class ReloadSignalTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String config(int listen, int admin, int backend, String extraRoute) {
        return """
                { "listen": "127.0.0.1:%d", "admin": "127.0.0.1:%d",
                  "timeouts": { "drain": "5s" },
                  "pools": { "web": { "backends": [ { "url": "http://127.0.0.1:%d" } ] } },
                  "routes": [ %s{ "name": "web", "path": "/web", "pool": "web" } ] }
                """.formatted(listen, admin, backend, extraRoute);
    }

    /** The status of one request on its own connection. */
    private static int status(int port, String method, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + (method.equals("POST") ? "Content-Length: 0\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    /** Reads output lines until one contains {@code text}; the lines read go to {@code seen}. */
    private static void awaitLine(BufferedReader out, String text, List<String> seen) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            if (line.contains(text)) {
                return;
            }
        }
        throw new AssertionError("never printed \"" + text + "\":\n" + String.join("\n", seen));
    }

    @Test
    void sighupReloadsAndAdminDrainEndsTheProcess(@TempDir Path dir) throws Exception {
        int listen = freePort();
        int admin = freePort();
        int backend = freePort();
        Path file = dir.resolve("proxy.json");
        Files.writeString(file, config(listen, admin, backend, ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.flowstate.cli.Main", "run", "-c", file.toString(), "--demo-backends")
                .redirectErrorStream(true)
                .start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            awaitLine(out, "admin API on", seen);
            assertEquals(200, status(listen, "GET", "/web"));
            assertEquals(404, status(listen, "GET", "/new"), "no such route yet");

            Files.writeString(file, config(listen, admin, backend,
                    "{ \"name\": \"new\", \"path\": \"/new\", \"pool\": \"web\" }, "));
            hup(p);
            awaitLine(out, "flowstate: reload applied", seen);
            assertEquals(200, status(listen, "GET", "/new"), "the reloaded route serves");

            Files.writeString(file, "{ \"listen\": ");               // broken
            hup(p);
            awaitLine(out, "flowstate: reload refused", seen);
            assertEquals(200, status(listen, "GET", "/new"), "a bad file changed nothing");

            assertEquals(202, status(admin, "POST", "/admin/drain"));
            awaitLine(out, "flowstate: stopped", seen);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not stop after the drain");
            assertEquals(0, p.exitValue(), String.join("\n", seen));
        } finally {
            p.destroyForcibly();
        }
    }

    private static void hup(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -HUP");
    }
}
