package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.JsonNull;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.spi.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the proxy records for a request it served whole: the status the client got, in the
 * access log and in every metric, whatever the client does once it has the last byte
 * (close at once, as curl does; keep the connection; send the next request).
 */
class RecordedStatusTest {
    /** A body as long as the one in the report that found false 499s. */
    private static final String BODY = "x".repeat(347);
    private static final int SEQUENTIAL = 30;
    private static final int KEPT_ALIVE = 30;
    private static final int THREADS = 4;
    private static final int PER_THREAD = 15;

    @TempDir
    Path dir;

    @EngineTest
    void requestsServedWholeAreRecordedWithTheirStatusNeverAs499(Engine engine) throws Exception {
        Path file = dir.resolve("access.log").toAbsolutePath().normalize();
        // Half the answers have a Content-Length, half are chunked.
        Backend.Script script = call -> {
            if (call.head.startLine().contains("chunked")) {
                call.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n");
            } else {
                call.respond(200, BODY);
            }
        };
        try (Backend backend = Backend.start(script);
             Proxy proxy = Proxy.on(engine).backends(backend).admin(null)
                     .filters("[ " + AccessLogFile.filter(file) + " ]").start()) {
            AccessLogFile log = new AccessLogFile(proxy, file);
            int sent = 0;
            // One request per connection, the client closing as soon as it has the body.
            for (int i = 0; i < SEQUENTIAL; i++, sent++) {
                oneShot(proxy, i, i % 3 == 0);
            }
            // Many requests on one kept-alive connection.
            try (Client c = proxy.client()) {
                for (int i = 0; i < KEPT_ALIVE; i++, sent++) {
                    Client.Reply r = c.get(target(i));
                    assertEquals(200, r.status());
                    assertEquals(BODY, r.text());
                }
            }
            // Several clients at once, each on connections of its own.
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < PER_THREAD; i++) {
                            oneShot(proxy, i, i % 2 == 0);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            sent += THREADS * PER_THREAD;

            List<JsonObject> lines = log.lines(sent);
            for (JsonObject line : lines) {
                assertEquals(200, num(line, "status"), "access log line " + line);
                assertEquals(BODY.length(), num(line, "bytesOut"), "access log line " + line);
                assertInstanceOf(JsonNull.class, line.get("error"), "access log line " + line);
            }
            String text = new AdminClient(proxy.server().adminAddress(), null).metrics();
            String backendLabel = "backend=\"127.0.0.1:" + backend.port() + "\"";
            assertEquals(sent, sum(text, "flowstate_requests_total{", "code_class=\"2xx\""), text);
            assertEquals(sent, sum(text, "flowstate_requests_total{", backendLabel), text);
            assertEquals(0, sum(text, "flowstate_client_disconnects_total{", ""), text);
            for (String other : List.of("1xx", "3xx", "4xx", "5xx")) {
                assertFalse(sum(text, "flowstate_requests_total{", "code_class=\"" + other + "\"") > 0, text);
            }
        }
    }

    private static String target(int i) {
        return "/whole/" + i + (i % 2 == 0 ? "?chunked" : "");
    }

    /** One GET on a new connection, read to its end, then the connection closed at once. */
    private static void oneShot(Proxy proxy, int i, boolean close) throws Exception {
        try (Client c = proxy.client()) {
            Client.Reply r = close ? c.get(target(i), "Connection", "close") : c.get(target(i));
            assertEquals(200, r.status());
            assertEquals(BODY, r.text());
        }
    }

    private static long num(JsonObject o, String key) {
        return assertInstanceOf(JsonNumber.class, o.get(key), key).longValue();
    }

    /** The sum of the samples whose line starts with {@code prefix} and holds {@code label}. */
    private static long sum(String text, String prefix, String label) {
        long total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix) && line.contains(label)) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertTrue(total >= 0);
        return total;
    }
}
