package io.flowstate.core.time;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fires deadline actions (cancel an exchange whose time is up) off the request path:
 * one daemon thread, cancelled timers removed at once so that a million short requests
 * leave no garbage queued.
 */
public final class Deadlines implements Scheduler, AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    public Deadlines() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "flowstate-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code action} after {@code delayNanos}; the returned handle cancels it. */
    @Override
    public Runnable schedule(Runnable action, long delayNanos) {
        ScheduledFuture<?> f = timer.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
