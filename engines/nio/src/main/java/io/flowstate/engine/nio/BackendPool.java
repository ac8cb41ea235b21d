package io.flowstate.engine.nio;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle backend connections of one loop, per endpoint ({@code host:port}): a try on this
 * loop takes one here or opens a new one, and gives it back when its response has been read
 * whole and both sides keep it (after Zuul's and Envoy's per-worker pools: no connection
 * crosses threads, so taking one is a map lookup and a deque pop, no lock).
 *
 * <p>At most {@code maxIdlePerBackend} wait per endpoint; the most recently used is taken
 * first (its peer is the least likely to have closed it). An idle connection keeps
 * {@code OP_READ}: a backend that closes it, or sends anything unasked, is noticed at once
 * and the connection dropped before any request meets it ({@link BackendConnection}); and
 * it closes itself after {@code timeouts.idle}.
 *
 * <p>Loop thread only, but {@link #idle(String)} may be read from any thread (the metrics):
 * the counts are shared by every loop's pool of one upstream.
 */
final class BackendPool {

    /** What the loops' pools share. */
    record Settings(int maxIdlePerBackend, long idleTimeoutNanos, long connectTimeoutNanos, boolean keepAlive,
                    ConcurrentHashMap<String, AtomicInteger> idleCounts) {
    }

    private final Loop loop;
    private final Settings settings;
    private final Map<String, ArrayDeque<BackendConnection>> idle = new HashMap<>();
    private boolean closed;

    BackendPool(Loop loop, Settings settings) {
        this.loop = loop;
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** An idle connection to {@code key}, taken out of the pool, or null when none is. */
    BackendConnection take(String key) {
        ArrayDeque<BackendConnection> q = idle.get(key);
        if (q == null) {
            return null;
        }
        BackendConnection c;
        while ((c = q.pollFirst()) != null) {
            count(key, -1);
            if (!c.isClosed()) {
                return c;
            }
        }
        return null;
    }

    /** Gives {@code c} back for reuse; closes it when the endpoint has enough idle ones or the pool is closed. */
    void give(BackendConnection c) {
        if (closed || !settings.keepAlive() || settings.maxIdlePerBackend() == 0) {
            c.close();
            return;
        }
        ArrayDeque<BackendConnection> q = idle.computeIfAbsent(c.key(), k -> new ArrayDeque<>());
        if (q.size() >= settings.maxIdlePerBackend()) {
            c.close();
            return;
        }
        q.addFirst(c);
        count(c.key(), 1);
        c.idle();
    }

    /** An idle connection closed by itself (its backend closed it, or it idled out). */
    void remove(BackendConnection c) {
        ArrayDeque<BackendConnection> q = idle.get(c.key());
        if (q != null && q.remove(c)) {
            count(c.key(), -1);
        }
    }

    private void count(String key, int delta) {
        settings.idleCounts().computeIfAbsent(key, k -> new AtomicInteger()).addAndGet(delta);
    }

    /** Idle connections to {@code key} across every loop of the upstream. */
    static int idle(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : Math.max(0, n.get());
    }

    /** Closes every idle connection; later ones given back are closed. Loop thread. */
    void closeAll() {
        closed = true;
        for (ArrayDeque<BackendConnection> q : idle.values()) {
            BackendConnection c;
            while ((c = q.pollFirst()) != null) {
                count(c.key(), -1);
                c.close();
            }
        }
    }

    Loop loop() {
        return loop;
    }
}
