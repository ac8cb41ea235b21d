package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.flowstate.core.json.JsonNull;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.spi.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log on a real engine: the engine counts the body bytes it reads from and
 * writes to the client, and the line of each request has them with its status, route,
 * backend and retries.
 */
class AccessLogTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("access.log").toAbsolutePath().normalize();
    }

    private Proxy.Builder proxy(Engine engine) {
        return Proxy.on(engine).filters("[ " + AccessLogFile.filter(file()) + ", { \"type\": \"requestId\" } ]");
    }

    private static String str(JsonObject o, String key) {
        return assertInstanceOf(JsonString.class, o.get(key), key).value();
    }

    private static long num(JsonObject o, String key) {
        return assertInstanceOf(JsonNumber.class, o.get(key), key).longValue();
    }

    private static void isNull(JsonObject o, String key) {
        assertInstanceOf(JsonNull.class, o.get(key), key);
    }

    @EngineTest
    void fixedLengthBodiesAreCountedBothWays(Engine engine) throws Exception {
        String answer = "stored: 11 bytes, thank you";                    // 27 bytes
        Backend.Script script = call -> call.respond(201, call.body().length == 11 ? answer : "wrong body");
        try (Backend backend = Backend.start(script); Proxy proxy = proxy(engine).backends(backend).start();
             Client client = proxy.client()) {
            AccessLogFile log = new AccessLogFile(proxy, file());
            client.send("POST /upload?token=s3cret HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 11\r\n\r\n"
                    + "hello world");
            Client.Reply reply = client.read("POST");
            assertEquals(201, reply.status());
            assertEquals(answer, reply.text());

            JsonObject line = log.line(1);
            assertEquals(11, num(line, "bytesIn"));
            assertEquals(27, num(line, "bytesOut"));
            assertEquals(201, num(line, "status"));
            assertEquals("all", str(line, "route"));
            assertEquals("127.0.0.1:" + backend.port(), str(line, "backend"));
            assertEquals(0, num(line, "retries"));
            assertEquals("POST", str(line, "method"));
            assertEquals("/upload", str(line, "path"));
            assertEquals("shop.example", str(line, "host"));
            assertEquals("127.0.0.1", str(line, "client"));
            assertEquals(reply.header("X-Request-Id"), str(line, "requestId"));
            assertInstanceOf(JsonNumber.class, line.get("ttfbMs"));
            isNull(line, "error");
        }
    }

    @EngineTest
    void chunkedBodiesCountTheirDataNotTheirFraming(Engine engine) throws Exception {
        Backend.Script script = call -> {
            call.body();
            call.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, again\r\n0\r\n\r\n");
        };
        try (Backend backend = Backend.start(script); Proxy proxy = proxy(engine).backends(backend).start();
             Client client = proxy.client()) {
            AccessLogFile log = new AccessLogFile(proxy, file());
            client.send("POST /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
            assertEquals("hello, again", client.read("POST").text());

            JsonObject line = log.line(1);
            assertEquals(11, num(line, "bytesIn"));
            assertEquals(12, num(line, "bytesOut"));
            assertEquals(200, num(line, "status"));
        }
    }

    @EngineTest
    void aRetriedRequestIsOneLineWithItsRetries(Engine engine) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Backend.Script script = call -> {
            if (calls.incrementAndGet() == 1) {
                call.respond(503, "busy");
            } else {
                call.respond(200, "put: " + new String(call.body(), StandardCharsets.UTF_8));
            }
        };
        try (Backend backend = Backend.start(script); Proxy proxy = proxy(engine).backends(backend).start();
             Client client = proxy.client()) {
            AccessLogFile log = new AccessLogFile(proxy, file());
            client.send("PUT /item HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world");
            assertEquals("put: hello world", client.read("PUT").text());

            JsonObject line = log.line(1);
            assertEquals(1, num(line, "retries"));
            assertEquals(200, num(line, "status"));
            assertEquals(11, num(line, "bytesIn"), "read from the client once, replayed from memory");
            assertEquals(16, num(line, "bytesOut"));
            assertEquals("127.0.0.1:" + backend.port(), str(line, "backend"));
            isNull(line, "error");
        }
    }

    @EngineTest
    void aProxyMadeErrorIsLoggedWithItsReasonAndBody(Engine engine) throws Exception {
        try (Proxy proxy = proxy(engine).backends("http://127.0.0.1:1").start(); Client client = proxy.client()) {
            AccessLogFile log = new AccessLogFile(proxy, file());
            Client.Reply reply = client.get("/down");
            assertEquals(502, reply.status());

            JsonObject line = log.line(1);
            assertEquals(502, num(line, "status"));
            assertEquals(reply.reason(), str(line, "error"));
            assertEquals(reply.body().length, num(line, "bytesOut"));
            assertEquals(0, num(line, "bytesIn"));
            assertEquals("127.0.0.1:1", str(line, "backend"));
            assertEquals(1, num(line, "retries"), "a refused connect is retried once, to the pool's one backend");
            isNull(line, "ttfbMs");
        }
    }
}
