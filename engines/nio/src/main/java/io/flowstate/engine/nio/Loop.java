package io.flowstate.engine.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One event loop: a platform thread with its own {@link Selector}, timers
 * ({@link LoopTimer}), buffers ({@link BufferPool}) and backend connection pool. Every
 * connection lives on one loop from its accept (or connect) to its close, so what a request
 * touches belongs to one thread and takes no lock.
 *
 * <p>One turn of the loop (after nginx's {@code ngx_process_events_and_timers}): select with
 * a timeout that ends at the earliest timer (no timeout when tasks wait), handle every ready
 * key, run the tasks other threads posted, fire the timers that are due. The time read once
 * per turn is {@link #now()}.
 *
 * <p>Work from other threads (a drain, a reload's new listener, a send that arrives off
 * the loop) comes through {@link #execute}: a lock-free queue and a CAS-guarded
 * {@link Selector#wakeup()}, so a burst of posts wakes the loop once.
 */
final class Loop implements Executor, Runnable {
    /** What a registered channel's attachment does when its key is ready. */
    interface Ready {
        void ready(SelectionKey key);
    }

    private static final System.Logger LOG = System.getLogger(Loop.class.getName());
    /** Longest select without a timer due, so that a stopped loop notices in bounded time. */
    private static final long MAX_SELECT_MILLIS = TimeUnit.SECONDS.toMillis(1);

    final int id;
    final Selector selector;
    final LoopTimer timer = new LoopTimer(this);
    final BufferPool buffers;
    final BackendPool backends;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean awake = new AtomicBoolean();
    private final ArrayDeque<Runnable> later = new ArrayDeque<>();
    private final Consumer<SelectionKey> dispatch = Loop::dispatch;
    private volatile boolean stopped;
    private long now = System.nanoTime();

    Loop(int id, String name, BufferPool buffers, BackendPool.Settings backendSettings) {
        this.id = id;
        this.buffers = buffers;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.backends = new BackendPool(this, backendSettings);
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Whether the calling thread is this loop's. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The time of this turn, {@code System.nanoTime()} based; refreshed by {@link #refreshNow()}. */
    long now() {
        return now;
    }

    /** Reads the clock again (a long turn, a timer set after slow work). */
    long refreshNow() {
        return now = System.nanoTime();
    }

    /** Runs {@code task} on this loop: soon after, in posting order; from the loop itself, after the current event. */
    @Override
    public void execute(Runnable task) {
        if (inLoop()) {
            later.add(task);
            return;
        }
        tasks.add(task);
        if (awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                turn();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "event loop " + id + ": a handler failed", e);
            }
        }
        closeAll();
    }

    private void turn() {
        long until = timer.untilNext(now);
        boolean work = !tasks.isEmpty() || !later.isEmpty();
        try {
            if (work) {
                selector.selectNow(dispatch);
            } else {
                long millis = until < 0 ? MAX_SELECT_MILLIS
                        : Math.max(1, Math.min(MAX_SELECT_MILLIS, TimeUnit.NANOSECONDS.toMillis(until + 999_999)));
                selector.select(dispatch, millis);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + id + ": select failed", e);
        }
        now = System.nanoTime();
        awake.set(false);
        runTasks();
        timer.expire(now);
    }

    private static void dispatch(SelectionKey key) {
        if (key.isValid()) {
            ((Ready) key.attachment()).ready(key);
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            runSafely(r);
        }
        int n = later.size();                                  // posted by this turn's events; not by these
        for (int i = 0; i < n && (r = later.poll()) != null; i++) {
            runSafely(r);
        }
    }

    private void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + id + ": a task failed", e);
        }
    }

    /** Stops the loop; its thread closes every channel still registered. Idempotent. */
    void stop() {
        stopped = true;
        selector.wakeup();
    }

    /** Waits for the loop's thread to end, at most {@code millis}. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        backends.closeAll();
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    @Override
    public String toString() {
        return "loop " + id;
    }
}
