package io.flowstate.core.probe;

import io.flowstate.core.config.ActiveCheckConfig;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.time.Ticker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the active health checks of every pool on their own schedule, and the pools' timed
 * transitions when no request comes to run them (an ejection that ends at night).
 *
 * <p>{@link #runDue(long)} does the work that is due at a given time and returns when the
 * next is due (OkHttp's {@code ConnectionPool.cleanup(now)} pattern), so tests drive it with
 * a hand-set clock; {@link #start()} runs it on one daemon thread. Probes run on their own
 * threads ({@link Probe}); each endpoint is probed once at start, then every
 * {@code interval} from the start of the previous probe, never two at once.
 *
 * <p>An endpoint is known by its pool's name and its {@code host:port}, so one that a
 * reload keeps keeps its schedule, and a probe still out when the config changes reports
 * to the pool that runs now.
 */
public final class HealthChecker implements AutoCloseable {
    /** The longest the thread sleeps without looking, so that a clock jump cannot stall it. */
    static final long MAX_SLEEP_NANOS = 1_000_000_000L;
    /** What {@link #runDue} answers when nothing at all is scheduled: far away, without overflow. */
    static final long IDLE_NANOS = Long.MAX_VALUE / 4;

    private final Probe probe;
    private final Ticker ticker;
    private volatile List<Pool> pools = List.of();
    private final Map<String, Slot> slots = new HashMap<>();
    private volatile Thread thread;
    private volatile boolean closed;

    private static final class Slot {
        boolean started;
        long next;
        volatile boolean inFlight;
    }

    public HealthChecker(Probe probe, Ticker ticker) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    private static String id(String pool, Endpoint e) {
        return pool + "\u0000" + e.key();
    }

    /** Checks these pools from now on (the pools of a new config); endpoints that stay keep their schedule. */
    public void watch(List<Pool> next) {
        synchronized (slots) {
            this.pools = List.copyOf(next);
            Map<String, Slot> keep = new HashMap<>();
            for (Pool p : next) {
                for (Endpoint e : p.endpoints()) {
                    String id = id(p.name(), e);
                    Slot s = slots.get(id);
                    keep.put(id, s == null ? new Slot() : s);  // a new endpoint is probed at once
                }
            }
            slots.clear();
            slots.putAll(keep);
        }
        wake();
    }

    /**
     * Starts the probes due at {@code now} and runs each pool's timed transitions.
     *
     * @return when something is next due, on the same clock
     */
    public long runDue(long now) {
        long wait = IDLE_NANOS;                               // compared as distances from now: no overflow
        synchronized (slots) {
            for (Pool pool : pools) {
                wait = Math.min(wait, Math.max(0, pool.health().tick(now) - now));
                ActiveCheckConfig check = pool.health().config().active();
                if (check == null) {
                    continue;
                }
                for (Endpoint e : pool.endpoints()) {
                    Slot slot = slots.get(id(pool.name(), e));
                    if (!slot.inFlight && (!slot.started || now - slot.next >= 0)) {
                        slot.started = true;
                        slot.inFlight = true;
                        slot.next = now + check.interval().toNanos();
                        start(pool.name(), e, check, slot);
                    }
                    if (slot.next - now > 0) {                 // an overdue probe still out wakes us when done
                        wait = Math.min(wait, slot.next - now);
                    }
                }
            }
        }
        return now + wait;
    }

    private void start(String poolName, Endpoint e, ActiveCheckConfig check, Slot slot) {
        probe.check(e, check).whenComplete((result, error) -> {
            Probe.Result r = error != null ? new Probe.Result(false, "probe failed: " + error) : result;
            try {
                report(poolName, e.key(), r);
            } finally {
                slot.inFlight = false;
                wake();
            }
        });
    }

    /** Hands a result to the endpoint of that pool and address in the config that runs now, if it still has one. */
    private void report(String poolName, String key, Probe.Result r) {
        for (Pool pool : pools) {
            if (pool.name().equals(poolName)) {
                for (Endpoint e : pool.endpoints()) {
                    if (e.key().equals(key)) {
                        pool.health().probed(e, r.passed(), r.detail(), ticker.nanoTime());
                        return;
                    }
                }
            }
        }
    }

    /** Runs {@link #runDue} on a daemon thread until {@link #close()}. */
    public void start() {
        Thread t = new Thread(() -> {
            while (!closed) {
                long now = ticker.nanoTime();
                long next = runDue(now);
                LockSupport.parkNanos(this, Math.max(1, Math.min(next - ticker.nanoTime(), MAX_SLEEP_NANOS)));
            }
        }, "flowstate-health");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Makes the thread look again now: a transition may have set a new deadline (an
     * ejection that ends in 10 s) earlier than the one it sleeps towards.
     */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
    }
}
