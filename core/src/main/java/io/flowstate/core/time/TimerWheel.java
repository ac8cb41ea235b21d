package io.flowstate.core.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared timer of requests whose engine gives them no timer of its own: request
 * deadlines, retry backoffs. A hashed timing wheel (Varghese and Lauck, "Hashed and
 * Hierarchical Timing Wheels", SOSP 1987; the shape of Netty's {@code HashedWheelTimer}) on
 * one daemon thread that ticks every {@link #DEFAULT_TICK_NANOS}, whether or not anything is
 * due.
 *
 * <p>Why ticks and not a sleep until the next deadline: a timer queue that sleeps until its
 * earliest entry must be woken whenever a new entry becomes the earliest, and with one
 * request at a time every request's deadline is the earliest: {@code schedule} then costs a
 * thread wake-up (a few microseconds, measured in results/jmh as {@code timerQueue=empty}).
 * Here {@code schedule} and cancel never wake anyone: a request alone costs what a request
 * among many does. The price: an action runs up to one tick late, and an idle proxy wakes
 * this thread {@code 1 s / tick} times a second.
 *
 * <pre>
 * schedule (any thread)  --CAS push-->  added stack  --\
 * cancel   (any thread)  --CAS push-->  cancelled stack --> tick thread: into buckets / out of
 *                                                          buckets / expire the bucket due now
 * </pre>
 *
 * <p>Each timer is one node, which is also its cancel handle; the stacks are intrusive
 * (lock-free Treiber stacks through fields of the node), so scheduling allocates the node
 * and nothing else, and a cancelled timer leaves its bucket at the next tick (a million
 * short requests leave no garbage queued for the length of their timeouts). Buckets are
 * doubly-linked lists that only the tick thread touches. Actions run on the tick thread and
 * must be quick; one that throws is reported and the others still run.
 */
public final class TimerWheel implements Scheduler, AutoCloseable {
    /** Default tick: the lateness bound of an action. */
    public static final long DEFAULT_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Buckets in the wheel; one turn is this many ticks. */
    static final int BUCKETS = 1024;

    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int EXPIRED = 2;

    /** One timer: its action, deadline, bucket links, and the stack links. */
    private static final class Node implements Runnable {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Node.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final TimerWheel wheel;
        final Runnable action;
        final long deadline;
        @SuppressWarnings("unused")
        private volatile int state;
        long rounds;                                           // tick thread only
        int bucket = -1;                                       // tick thread only: -1 when in none
        Node prev;                                             // tick thread only: bucket links
        Node next;
        Node nextAdded;                                        // written before the CAS that publishes it
        Node nextCancelled;                                    // likewise

        Node(TimerWheel wheel, Runnable action, long deadline) {
            this.wheel = wheel;
            this.action = action;
            this.deadline = deadline;
        }

        /** Cancels the timer if it has not run. */
        @Override
        public void run() {
            if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
                wheel.pushCancelled(this);
            }
        }

        boolean expire() {
            return STATE.compareAndSet(this, PENDING, EXPIRED);
        }

        boolean pending() {
            return (int) STATE.getVolatile(this) == PENDING;
        }
    }

    private static final VarHandle ADDED;
    private static final VarHandle CANCELS;

    static {
        try {
            ADDED = MethodHandles.lookup().findVarHandle(TimerWheel.class, "added", Node.class);
            CANCELS = MethodHandles.lookup().findVarHandle(TimerWheel.class, "cancels", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long tickNanos;
    private final Ticker ticker;
    private final Node[] buckets = new Node[BUCKETS];
    private final Thread thread;
    @SuppressWarnings("unused")
    private volatile Node added;
    @SuppressWarnings("unused")
    private volatile Node cancels;
    private volatile boolean closed;
    private long tick;                                         // tick thread only: ticks done
    private final long start;

    /** A wheel on the system clock with the default tick, on its own thread. */
    public TimerWheel() {
        this(DEFAULT_TICK_NANOS, Ticker.system(), "flowstate-timer");
    }

    /**
     * A wheel on its own daemon thread.
     *
     * @param tickNanos how often the wheel turns one bucket: the lateness bound of an action
     * @param ticker    the clock deadlines are read from
     */
    public TimerWheel(long tickNanos, Ticker ticker, String threadName) {
        this(tickNanos, ticker, threadName, true);
    }

    private TimerWheel(long tickNanos, Ticker ticker, String threadName, boolean ownThread) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tickNanos must be positive: " + tickNanos);
        }
        this.tickNanos = tickNanos;
        this.ticker = ticker;
        this.start = ticker.nanoTime();
        this.thread = ownThread ? Thread.ofPlatform().daemon().name(threadName).start(this::loop) : null;
    }

    /** A wheel with no thread, turned by {@link #advance(long)}: for tests on a hand-driven clock. */
    static TimerWheel manual(long tickNanos, Ticker ticker) {
        return new TimerWheel(tickNanos, ticker, null, false);
    }

    /**
     * Runs {@code action} on the wheel's thread once {@code delayNanos} have passed (within
     * one tick after); the returned handle cancels it. Any thread; never blocks, never wakes
     * the wheel.
     *
     * @throws IllegalStateException when the wheel is closed
     */
    @Override
    public Runnable schedule(Runnable action, long delayNanos) {
        return add(action, ticker.nanoTime() + Math.max(0, delayNanos));
    }

    /**
     * Like {@link #schedule}, at an absolute deadline; without reading the clock when
     * {@code clock} is this wheel's own (a deadline in the past runs at the next tick).
     */
    @Override
    public Runnable scheduleAt(Runnable action, long deadlineNanos, Ticker clock) {
        if (clock != ticker) {
            return schedule(action, deadlineNanos - clock.nanoTime());
        }
        return add(action, deadlineNanos);
    }

    private Runnable add(Runnable action, long deadline) {
        if (closed) {
            throw new IllegalStateException("the timer is closed");
        }
        Node node = new Node(this, action, deadline);
        Node head;
        do {
            head = added;
            node.nextAdded = head;
        } while (!ADDED.compareAndSet(this, head, node));
        return node;
    }

    private void pushCancelled(Node node) {
        Node head;
        do {
            head = cancels;
            node.nextCancelled = head;
        } while (!CANCELS.compareAndSet(this, head, node));
    }

    private void loop() {
        while (!closed) {
            long wait = start + (tick + 1) * tickNanos - ticker.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else {
                advance(ticker.nanoTime());
            }
        }
    }

    /** Processes every tick that has ended by {@code now}: the thread's work, or a test's. */
    void advance(long now) {
        while (start + (tick + 1) * tickNanos - now <= 0 && !closed) {
            takeAdded();
            takeCancelled();
            expire(buckets[(int) (tick & (BUCKETS - 1))], now);
            tick++;
        }
    }

    /** Moves newly scheduled timers into their buckets; one cancelled meanwhile goes nowhere. */
    private void takeAdded() {
        Node n = (Node) ADDED.getAndSet(this, null);
        while (n != null) {
            Node next = n.nextAdded;
            n.nextAdded = null;
            if (n.pending()) {
                // The tick whose processing comes after the deadline: processing tick t runs
                // once start + (t + 1) * tick has passed.
                long ticksAway = Math.max(0, (n.deadline - start) / tickNanos - tick);
                n.rounds = ticksAway / BUCKETS;
                n.bucket = (int) ((tick + ticksAway) & (BUCKETS - 1));
                n.prev = null;
                n.next = buckets[n.bucket];
                if (n.next != null) {
                    n.next.prev = n;
                }
                buckets[n.bucket] = n;
            }
            n = next;
        }
    }

    /** Takes cancelled timers out of their buckets. */
    private void takeCancelled() {
        Node n = (Node) CANCELS.getAndSet(this, null);
        while (n != null) {
            Node next = n.nextCancelled;
            n.nextCancelled = null;
            if (n.bucket >= 0) {
                unlink(n);
            }
            n = next;
        }
    }

    private void unlink(Node n) {
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            buckets[n.bucket] = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.bucket = -1;
    }

    private void expire(Node head, long now) {
        Node n = head;
        while (n != null) {
            Node next = n.next;
            if (n.rounds <= 0 && n.deadline - now <= 0) {
                unlink(n);
                if (n.expire()) {
                    try {
                        n.action.run();
                    } catch (RuntimeException e) {
                        System.getLogger(TimerWheel.class.getName())
                                .log(System.Logger.Level.WARNING, "timer action failed", e);
                    }
                }
            } else if (n.rounds > 0) {
                n.rounds--;
            }
            n = next;
        }
    }

    /** Stops the wheel; actions not yet run never run. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
