package io.flowstate.engine.nio;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
                    ConcurrentHashMap<String, List<Idle>> idleByKey) {
    }

    /**
     * One endpoint's idle connections on one loop. The deque is the loop's alone; the count
     * is written only by the loop and read by the metrics from any thread.
     */
    static final class Idle {
        final ArrayDeque<BackendConnection> connections = new ArrayDeque<>();
        volatile int count;

        void recount() {
            count = connections.size();
        }
    }

    private final Loop loop;
    private final Settings settings;
    private final Map<String, Idle> idle = new HashMap<>();
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
        Idle q = idle.get(key);
        if (q == null) {
            return null;
        }
        BackendConnection c;
        while ((c = q.connections.pollFirst()) != null) {
            if (!c.isClosed()) {
                q.recount();
                return c;
            }
        }
        q.recount();
        return null;
    }

    /** Gives {@code c} back for reuse; closes it when the endpoint has enough idle ones or the pool is closed. */
    void give(BackendConnection c) {
        if (closed || !settings.keepAlive() || settings.maxIdlePerBackend() == 0) {
            c.close();
            return;
        }
        Idle q = idle.get(c.key());
        if (q == null) {
            q = new Idle();
            idle.put(c.key(), q);
            settings.idleByKey().computeIfAbsent(c.key(), k -> new CopyOnWriteArrayList<>()).add(q);
        }
        if (q.connections.size() >= settings.maxIdlePerBackend()) {
            c.close();
            return;
        }
        q.connections.addFirst(c);
        q.recount();
        c.idle();
    }

    /** An idle connection closed by itself (its backend closed it, or it idled out). */
    void remove(BackendConnection c) {
        Idle q = idle.get(c.key());
        if (q != null && q.connections.remove(c)) {
            q.recount();
        }
    }

    /** Idle connections to {@code key} across every loop of the upstream. Any thread. */
    static int idle(ConcurrentHashMap<String, List<Idle>> idleByKey, String key) {
        List<Idle> all = idleByKey.get(key);
        if (all == null) {
            return 0;
        }
        int n = 0;
        for (Idle q : all) {
            n += q.count;
        }
        return n;
    }

    /** Closes every idle connection; later ones given back are closed. Loop thread. */
    void closeAll() {
        closed = true;
        for (Idle q : idle.values()) {
            BackendConnection c;
            while ((c = q.connections.pollFirst()) != null) {
                c.close();
            }
            q.recount();
        }
    }

    Loop loop() {
        return loop;
    }
}
