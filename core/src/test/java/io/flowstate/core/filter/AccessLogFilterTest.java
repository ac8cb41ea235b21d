package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.AccessLogSettings;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonNull;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import io.flowstate.core.metrics.Counter;
import io.flowstate.core.metrics.MetricNames;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.spi.Handler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The access log: every field of a line, the queue that never blocks, sinks shared per target. */
class AccessLogFilterTest {
    private static final long MILLI = 1_000_000L;
    private static final long START = 5_000 * MILLI;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T19:35:18.042Z"), ZoneOffset.UTC);
    private static final Handler OK = e -> CompletableFuture.completedFuture(
            new Response(200, new HeaderFields(), Body.empty(), Response.Origin.UPSTREAM));

    private long now = START;
    private final Counter dropped = Metrics.create().counter(MetricNames.ACCESS_LOG_DROPPED);

    private static Exchange exchange(String method, String target, String host, String clientIp) throws Exception {
        HeaderFields headers = new HeaderFields();
        if (host != null) {
            headers.add("Host", host);
        }
        headers.add("Authorization", "Bearer s3cret-token");
        headers.add("Cookie", "session=s3cret-cookie");
        return new Exchange(new Request(method, target, headers, Body.empty()),
                new InetSocketAddress(java.net.InetAddress.getByName(clientIp), 40123), "http", START);
    }

    private AccessLogFilter filter(AccessLogSink sink) {
        return new AccessLogFilter(sink, CLOCK, () -> now);
    }

    private static List<JsonObject> lines(CharSequence text) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            if (!line.isEmpty()) {
                out.add(assertInstanceOf(JsonObject.class, Json.parse(line)));
            }
        }
        return out;
    }

    private static String str(JsonObject o, String key) {
        return assertInstanceOf(JsonString.class, o.get(key), key).value();
    }

    private static String num(JsonObject o, String key) {
        return assertInstanceOf(JsonNumber.class, o.get(key), key).text();
    }

    private static void isNull(JsonObject o, String key) {
        assertTrue(o.has(key), key + " is always present");
        assertInstanceOf(JsonNull.class, o.get(key), key);
    }

    @Test
    void aLineHoldsEveryFieldAndNoHeaderValue() throws Exception {
        StringBuilder out = new StringBuilder();
        AccessLogSink sink = new AccessLogSink("test", out, null, 16, dropped);
        Exchange exchange = exchange("POST", "/api/items?api_key=s3cret-query&x=1", "shop.example", "192.0.2.7");
        exchange.requestId("3f9a-1");
        Handler upstream = e -> {
            e.routeName("api");
            e.backend("10.0.0.1:9001");
            e.countTry();
            e.countTry();
            e.countTry();
            e.upstreamHeadNanos(START + 2 * MILLI + 500_000);
            e.addRequestBytes(11);
            e.addResponseBytes(1000);
            e.addResponseBytes(234);
            return OK.handle(e);
        };

        assertEquals(200, filter(sink).filter(exchange, upstream).toCompletableFuture().join().status());
        assertEquals(0, sink.written() + sink.dropped(), "nothing is logged before the exchange finishes");
        now = START + 12 * MILLI + 345_678;
        exchange.finish(201);
        sink.close();

        String text = out.toString();
        assertTrue(text.endsWith("\n"));
        List<JsonObject> lines = lines(text);
        assertEquals(1, lines.size());
        JsonObject line = lines.get(0);
        assertEquals(List.of("time", "requestId", "client", "method", "host", "path", "route", "backend", "status",
                "bytesIn", "bytesOut", "durationMs", "ttfbMs", "connectMs", "retries", "error"),
                List.copyOf(line.members().keySet()));
        assertEquals("2026-11-25T19:35:18.042Z", str(line, "time"));
        assertEquals("3f9a-1", str(line, "requestId"));
        assertEquals("192.0.2.7", str(line, "client"));
        assertEquals("POST", str(line, "method"));
        assertEquals("shop.example", str(line, "host"));
        assertEquals("/api/items", str(line, "path"));
        assertEquals("api", str(line, "route"));
        assertEquals("10.0.0.1:9001", str(line, "backend"));
        assertEquals("201", num(line, "status"), "the status the exchange finished with");
        assertEquals("11", num(line, "bytesIn"));
        assertEquals("1234", num(line, "bytesOut"));
        assertEquals("12.345", num(line, "durationMs"));
        assertEquals("2.500", num(line, "ttfbMs"));
        isNull(line, "connectMs");
        assertEquals("2", num(line, "retries"));
        isNull(line, "error");
        assertFalse(text.contains("s3cret"), "no credential, no header value, no query: " + text);
        assertEquals(1, sink.written());
    }

    @Test
    void unknownsAreNullAndAClientThatLeftIs499() throws Exception {
        StringBuilder out = new StringBuilder();
        AccessLogSink sink = new AccessLogSink("test", out, null, 16, dropped);
        Exchange exchange = exchange("GET", "/", null, "::1");
        Handler upstream = e -> {
            e.countTry();
            e.errorReason("client_closed");
            return OK.handle(e);
        };

        filter(sink).filter(exchange, upstream);
        exchange.finish(499);
        sink.close();

        JsonObject line = lines(out).get(0);
        isNull(line, "requestId");
        assertEquals("0:0:0:0:0:0:0:1", str(line, "client"));
        isNull(line, "host");
        isNull(line, "route");
        isNull(line, "backend");
        assertEquals("499", num(line, "status"));
        assertEquals("0", num(line, "bytesIn"));
        assertEquals("0", num(line, "bytesOut"));
        assertEquals("0.000", num(line, "durationMs"));
        isNull(line, "ttfbMs");
        assertEquals("0", num(line, "retries"), "one try is no retry");
        assertEquals("client_closed", str(line, "error"));
    }

    @Test
    void anExchangeOverBeforeTheFilterRanIsStillLoggedOnce() throws Exception {
        StringBuilder out = new StringBuilder();
        AccessLogSink sink = new AccessLogSink("test", out, null, 16, dropped);
        Exchange exchange = exchange("GET", "/late", "h", "127.0.0.1");
        exchange.finish(499);
        filter(sink).filter(exchange, OK);
        exchange.finish(200);
        sink.close();

        List<JsonObject> lines = lines(out);
        assertEquals(1, lines.size());
        assertEquals("499", num(lines.get(0), "status"));
    }

    /** An appendable whose first append waits until the test lets it go. */
    private static final class BlockedTarget implements Appendable {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final StringBuilder text = new StringBuilder();

        @Override
        public Appendable append(CharSequence csq) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            text.append(csq);
            return this;
        }

        @Override
        public Appendable append(CharSequence csq, int start, int end) {
            return append(csq.subSequence(start, end));
        }

        @Override
        public Appendable append(char c) {
            return append(String.valueOf(c));
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
        BlockedTarget target = new BlockedTarget();
        AccessLogSink sink = new AccessLogSink("blocked", target, null, 2, dropped);
        AccessLogFilter filter = filter(sink);
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Exchange e = exchange("GET", "/" + i, "h", "127.0.0.1");
            filter.filter(e, OK);
            exchanges.add(e);
        }

        exchanges.get(0).finish(200);
        assertTrue(target.entered.await(10, TimeUnit.SECONDS), "the writer took the first line and is stuck");
        exchanges.get(1).finish(200);                          // queued
        exchanges.get(2).finish(200);                          // queued: the queue (2) is full
        exchanges.get(3).finish(200);                          // dropped, at once
        exchanges.get(4).finish(200);                          // dropped, at once

        assertEquals(2, sink.dropped());
        assertEquals(2, dropped.value(), "the metric counts them too");
        assertEquals(0, sink.written());

        target.release.countDown();
        sink.close();
        List<String> paths = lines(target.text).stream().map(l -> str(l, "path")).toList();
        assertEquals(List.of("/0", "/1", "/2"), paths);
        assertEquals(3, sink.written());
        assertEquals(2, sink.dropped());
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterLinesAreDropped() throws Exception {
        BlockedTarget target = new BlockedTarget();
        AccessLogSink sink = new AccessLogSink("blocked", target, null, 8, dropped);
        for (int i = 0; i < 4; i++) {
            assertTrue(sink.offer(entry("/" + i)));
        }
        assertTrue(target.entered.await(10, TimeUnit.SECONDS));
        target.release.countDown();
        sink.close();
        sink.close();                                          // idempotent

        assertEquals(4, lines(target.text).size());
        assertFalse(sink.offer(entry("/after")));
        assertEquals(1, sink.dropped());
        assertEquals(4, sink.written());
    }

    private AccessLogEntry entry(String path) throws Exception {
        return AccessLogEntry.of(exchange("GET", path, "h", "127.0.0.1"), 200, CLOCK.millis(), now);
    }

    @Test
    void aFailedWriteCountsItsLinesAsDropped() throws Exception {
        Appendable broken = new Appendable() {
            @Override
            public Appendable append(CharSequence csq) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public Appendable append(CharSequence csq, int start, int end) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public Appendable append(char c) throws IOException {
                throw new IOException("disk full");
            }
        };
        AccessLogSink sink = new AccessLogSink("broken", broken, null, 8, dropped);
        CountDownLatch tried = new CountDownLatch(1);
        sink.onFlush(written -> tried.countDown());
        sink.offer(entry("/x"));
        assertTrue(tried.await(10, TimeUnit.SECONDS));
        sink.close();
        assertEquals(1, sink.dropped());
        assertEquals(0, sink.written());
    }

    @Test
    void entriesNamingOneFileShareItsSinkWhichAppendsAndCreatesTheFile(@TempDir Path dir) throws Exception {
        Path existing = dir.resolve("access.log");
        Files.writeString(existing, "kept\n");
        Path created = dir.resolve("new.log");
        AccessLogs logs = new AccessLogs(CLOCK, new StringBuilder(), dropped);
        AccessLogSink a = logs.sink(new AccessLogSettings(existing, 4));
        assertSame(a, logs.sink(new AccessLogSettings(existing, 4)));
        AccessLogSink b = logs.sink(new AccessLogSettings(created, 4));
        assertSame(b, logs.find(created));
        assertEquals(List.of(a, b), logs.sinks());
        assertThrows(IllegalStateException.class, () -> logs.sink(new AccessLogSettings(existing, 5)));

        CountDownLatch flushed = new CountDownLatch(1);
        a.onFlush(written -> {
            if (written == 1) {
                flushed.countDown();
            }
        });
        Exchange exchange = exchange("GET", "/file", "h", "127.0.0.1");
        new AccessLogFilter(a, logs.clock(), () -> now).filter(exchange, OK);
        exchange.finish(200);
        assertTrue(flushed.await(10, TimeUnit.SECONDS));
        List<String> content = Files.readAllLines(existing);
        assertEquals(2, content.size(), "appended, written as soon as it came: " + content);
        assertEquals("kept", content.get(0));
        assertEquals("/file", str(lines(content.get(1)).get(0), "path"));

        logs.close();
        assertTrue(Files.exists(created), "created when the sink opened");
        assertEquals(0, Files.size(created));
        assertThrows(IllegalStateException.class, () -> logs.sink(new AccessLogSettings(existing, 4)));
        assertEquals(0, logs.dropped());
    }

    @Test
    void standardOutputIsOneSinkThatIsNotClosed() {
        StringBuilder stdout = new StringBuilder();
        AccessLogs logs = new AccessLogs(CLOCK, stdout, dropped);
        AccessLogSink sink = logs.sink(new AccessLogSettings(null, 8));
        assertSame(sink, logs.find(null));
        assertEquals("stdout", sink.name());
        logs.close();
        stdout.append("still usable");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a/b?x=1|/a/b",
        "/a/b|/a/b",
        "/?q|/",
        "http://h.example/a/b?x|/a/b",
        "HTTP://h.example|/",
        "http://h.example?x|/",
        "*|*",
        "h.example:443|h.example:443",
    })
    void thePathIsTheTargetsPathWithoutItsQuery(String target, String path) {
        assertEquals(path, AccessLogEntry.path(target));
    }

    @ParameterizedTest
    @CsvSource({"0,0.000", "999,0.000", "1000,0.001", "12345678,12.345", "-5,0.000", "3600000000000,3600000.000"})
    void durationsAreMillisecondsWithThreeDecimals(long nanos, String text) {
        JsonValue v = AccessLogEntry.millis(nanos);
        assertEquals(text, assertInstanceOf(JsonNumber.class, v).text());
    }
}
