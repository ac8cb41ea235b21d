package io.flowstate.harness.load;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the I/O thread's selector at a send time finer than a millisecond.
 *
 * <p>Why: {@link Selector#select(long)} waits in whole milliseconds, so an open loop driven by it
 * alone sends up to a millisecond late (wrk2 schedules its sends with millisecond timers too),
 * and corrected latency, measured from the intended time, would carry that lateness. On
 * loopback, where a proxy answers in tens of microseconds, that would swamp the figure. This
 * thread parks with {@link LockSupport#parkNanos} (tens of microseconds of timer slack on Linux)
 * and calls {@link Selector#wakeup()} at the armed time; the I/O thread still wakes at once for
 * I/O, and polls the selector instead of arming the pacer for the last few microseconds
 * ({@link EventLoop#SPIN_BELOW_NANOS}, which also says what lateness remains).
 *
 * <p>Contract: {@link #wakeAt} is called by the I/O thread before it blocks; a wake-up that comes
 * when the I/O thread no longer needs it only makes one select return early. {@link #stop()}
 * ends the thread; the I/O thread's owner calls it.
 */
final class Pacer {

    private static final long DISARMED = Long.MAX_VALUE;

    private final Selector selector;
    private final AtomicLong target = new AtomicLong(DISARMED);
    private final Thread thread;
    private volatile boolean closed;

    Pacer(Selector selector) {
        this.selector = selector;
        this.thread = Thread.ofPlatform().daemon().name("flowstate-load-pacer").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** Wakes the selector at {@code nanoTime} ({@link System#nanoTime()} scale), replacing any earlier arming. */
    void wakeAt(long nanoTime) {
        if (target.getAndSet(nanoTime) != nanoTime) {
            LockSupport.unpark(thread);
        }
    }

    /** Ends the thread and waits for it. */
    void stop() {
        closed = true;
        LockSupport.unpark(thread);
        EventLoop.joinUninterruptibly(thread);
    }

    private void run() {
        while (!closed) {
            long at = target.get();
            if (at == DISARMED) {
                LockSupport.park(this);
                continue;
            }
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else if (target.compareAndSet(at, DISARMED)) {
                selector.wakeup();
            }
        }
    }
}
