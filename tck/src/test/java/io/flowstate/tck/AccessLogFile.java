package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.filter.AccessLogSink;
import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The access log file of a running proxy, and a way to wait for its lines without
 * sleeping: the proxy's sink says how many lines it has written after each flush.
 */
final class AccessLogFile {
    private final Path file;
    private long written;

    AccessLogFile(Proxy proxy, Path file) {
        this.file = file;
        AccessLogSink sink = proxy.server().gateway().snapshot().accessLogs().find(file);
        assertNotNull(sink, "the proxy writes " + file);
        sink.onFlush(this::flushed);
    }

    /** The {@code accessLog} filter entry that writes to {@code file}, for {@code Proxy.Builder.filters}. */
    static String filter(Path file) {
        return "{ \"type\": \"accessLog\", \"path\": " + Json.quote(file.toString()) + " }";
    }

    private synchronized void flushed(long lines) {
        written = lines;
        notifyAll();
    }

    /** The {@code n}th line (from 1), once the sink says it has written it; at most 10 s. */
    JsonObject line(int n) throws Exception {
        return lines(n).get(n - 1);
    }

    /** The first {@code n} lines, once the sink says it has written them; at most 10 s. */
    synchronized List<JsonObject> lines(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (written < n) {
            long left = deadline - System.nanoTime();
            assertTrue(left > 0, n + " lines were not written; lines so far: " + written);
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        List<JsonObject> out = new java.util.ArrayList<>(n);
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8).subList(0, n)) {
            out.add(assertInstanceOf(JsonObject.class, Json.parse(l)));
        }
        return out;
    }
}
