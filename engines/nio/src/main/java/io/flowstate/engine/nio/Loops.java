package io.flowstate.engine.nio;

import io.flowstate.core.spi.UpstreamSettings;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loops of one server: started by the upstream, shared with every listener
 * started beside it, stopped when the upstream closes.
 */
final class Loops {
    /** How long closing waits for each loop's thread to close its channels. */
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final Loop[] loops;
    private final ConcurrentHashMap<String, java.util.List<BackendPool.Idle>> idleCounts;
    private final AtomicInteger next = new AtomicInteger();

    private Loops(Loop[] loops, ConcurrentHashMap<String, java.util.List<BackendPool.Idle>> idleCounts) {
        this.loops = loops;
        this.idleCounts = idleCounts;
    }

    static Loops start(UpstreamSettings settings) {
        int n = settings.loops();
        ConcurrentHashMap<String, java.util.List<BackendPool.Idle>> idle = new ConcurrentHashMap<>();
        BackendPool.Settings pool = new BackendPool.Settings(settings.maxIdlePerBackend(),
                settings.idleTimeout().toNanos(), settings.connectTimeout().toNanos(), settings.keepAlive(), idle);
        Loop[] loops = new Loop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new Loop(i, "flowstate-nio-" + i, new BufferPool(), pool);
        }
        for (Loop l : loops) {
            l.start();
        }
        return new Loops(loops, idle);
    }

    Loop[] all() {
        return loops;
    }

    /** The calling thread's loop, or null when it is not one of these loops' threads. */
    Loop current() {
        for (Loop l : loops) {
            if (l.inLoop()) {
                return l;
            }
        }
        return null;
    }

    /** A loop for work that arrives from outside the loops: round robin. */
    Loop any() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    ConcurrentHashMap<String, java.util.List<BackendPool.Idle>> idleCounts() {
        return idleCounts;
    }

    void stop() {
        for (Loop l : loops) {
            l.stop();
        }
        for (Loop l : loops) {
            try {
                l.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
