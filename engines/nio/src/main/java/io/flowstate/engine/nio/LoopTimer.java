package io.flowstate.engine.nio;

import io.flowstate.core.time.Scheduler;

/**
 * The timers of one event loop: per-duration FIFO lists (the design nginx's and Netty's
 * idle timers share: timers of one duration expire in the order they were set), so setting
 * a timer appends to a list, cancelling unlinks it, and the next due time is the earliest
 * head among a few lists: O(1) each, no allocation for the connection timers, whose nodes
 * are fields of the connection ({@link Node}).
 *
 * <p>Durations are matched by value: the idle, head and response-header timeouts of one
 * config are a few fixed durations, each with its own list ({@link #LISTS} at most). A
 * duration that finds no list (retry backoffs carry jitter) goes to an overflow list kept
 * in deadline order by insertion, which is short because such timers are rare.
 *
 * <p>Loop thread only: nothing here is thread-safe. {@link #scheduler()} is the face the
 * core sees ({@link io.flowstate.core.http.Exchange#timer()}); it accepts calls from other
 * threads by posting them to the loop.
 */
final class LoopTimer {
    /** Lists for distinct durations before the overflow list is used. */
    static final int LISTS = 8;

    /**
     * One timer: embedded in what it times (a connection holds one per purpose), so that
     * setting it allocates nothing. {@link #fire()} runs on the loop when it is due.
     */
    abstract static class Node {
        long deadline;
        Node prev;
        Node next;
        TimerList list;

        /** Whether the timer is set. */
        final boolean armed() {
            return list != null;
        }

        /** Runs on the loop thread once the deadline has passed; the node is no longer armed. */
        abstract void fire();
    }

    /** The timers of one duration, earliest first. */
    static final class TimerList {
        final long duration;
        Node head;
        Node tail;

        TimerList(long duration) {
            this.duration = duration;
        }
    }

    private final TimerList[] lists = new TimerList[LISTS];
    private final TimerList overflow = new TimerList(-1);
    private final Loop loop;

    private final Scheduler scheduler;

    LoopTimer(Loop loop) {
        this.loop = loop;
        this.scheduler = this::schedule;
    }

    /** Arms {@code node} to fire {@code delayNanos} after {@code now}; re-arms it if it was armed. */
    void set(Node node, long now, long delayNanos) {
        if (node.armed()) {
            cancel(node);
        }
        node.deadline = now + Math.max(0, delayNanos);
        TimerList list = listFor(delayNanos);
        if (list != overflow || overflow.tail == null || overflow.tail.deadline - node.deadline <= 0) {
            append(list, node);                               // same duration: deadlines come in order
        } else {
            insertInOrder(node);
        }
    }

    /**
     * The list for timers of about {@code duration}: durations within {@link #tolerance} of
     * a list's share it. A request's deadline or a try's wait is computed from a clock read a
     * moment apart from the loop's, so "30 s" arrives as 30 s less a few microseconds; within
     * a list a timer may then sit behind one due up to the tolerance later, and fire that much
     * late, which timeouts of seconds do not notice.
     */
    private TimerList listFor(long duration) {
        for (int i = 0; i < LISTS; i++) {
            TimerList l = lists[i];
            if (l == null) {
                lists[i] = l = new TimerList(duration);
                return l;
            }
            if (Math.abs(l.duration - duration) <= tolerance(l.duration)) {
                return l;
            }
        }
        return overflow;
    }

    /** How far a duration may be from a list's and still share it: 1 ms, or a thousandth of it. */
    static long tolerance(long duration) {
        return Math.max(MIN_TOLERANCE_NANOS, duration / 1000);
    }

    /** The least {@link #tolerance}. */
    static final long MIN_TOLERANCE_NANOS = 1_000_000L;

    private static void append(TimerList list, Node node) {
        node.list = list;
        node.prev = list.tail;
        node.next = null;
        if (list.tail == null) {
            list.head = node;
        } else {
            list.tail.next = node;
        }
        list.tail = node;
    }

    private void insertInOrder(Node node) {
        node.list = overflow;
        Node after = overflow.tail;
        while (after != null && after.deadline - node.deadline > 0) {
            after = after.prev;
        }
        node.prev = after;
        node.next = after == null ? overflow.head : after.next;
        if (node.next == null) {
            overflow.tail = node;
        } else {
            node.next.prev = node;
        }
        if (after == null) {
            overflow.head = node;
        } else {
            after.next = node;
        }
    }

    /** Arms {@code node} to fire at {@code deadline} (a {@code System.nanoTime()} instant), in the overflow list. */
    void setAt(Node node, long deadline) {
        if (node.armed()) {
            cancel(node);
        }
        node.deadline = deadline;
        if (overflow.tail == null || overflow.tail.deadline - deadline <= 0) {
            append(overflow, node);
        } else {
            insertInOrder(node);
        }
    }

    /** Disarms {@code node}; nothing when it is not armed. */
    void cancel(Node node) {
        TimerList list = node.list;
        if (list == null) {
            return;
        }
        if (node.prev == null) {
            list.head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            list.tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        node.list = null;
    }

    /** Nanoseconds from {@code now} until the earliest deadline (0 if one passed), or -1 when none is set. */
    long untilNext(long now) {
        long earliest = Long.MAX_VALUE;
        boolean any = false;
        for (TimerList l : lists) {
            if (l == null) {
                break;
            }
            if (l.head != null && (!any || l.head.deadline - earliest < 0)) {
                earliest = l.head.deadline;
                any = true;
            }
        }
        if (overflow.head != null && (!any || overflow.head.deadline - earliest < 0)) {
            earliest = overflow.head.deadline;
            any = true;
        }
        return !any ? -1 : Math.max(0, earliest - now);
    }

    /** Fires every timer whose deadline is at or before {@code now}, earliest first within a list. */
    void expire(long now) {
        for (TimerList l : lists) {
            if (l == null) {
                break;
            }
            expire(l, now);
        }
        expire(overflow, now);
    }

    private void expire(TimerList list, long now) {
        Node n;
        while ((n = list.head) != null && n.deadline - now <= 0) {
            cancel(n);
            try {
                n.fire();
            } catch (RuntimeException e) {
                System.getLogger(LoopTimer.class.getName()).log(System.Logger.Level.WARNING, "timer failed", e);
            }
        }
    }

    /** A node that runs an action: for the core's timers (a request deadline, a retry backoff). */
    private static final class Action extends Node implements Runnable {
        private final LoopTimer timer;
        private final Runnable action;

        Action(LoopTimer timer, Runnable action) {
            this.timer = timer;
            this.action = action;
        }

        @Override
        void fire() {
            action.run();
        }

        /** The cancel handle: on the loop at once, from elsewhere by posting to it. */
        @Override
        public void run() {
            if (timer.loop.inLoop()) {
                timer.cancel(this);
            } else {
                timer.loop.execute(() -> timer.cancel(this));
            }
        }
    }

    /**
     * The core's view of this loop's timers: {@code schedule} from the loop arms a node at
     * once; from another thread the arming is posted to the loop (the action still runs on
     * the loop).
     */
    Scheduler scheduler() {
        return scheduler;
    }

    private Runnable schedule(Runnable action, long delayNanos) {
        Action node = new Action(this, action);
        if (loop.inLoop()) {
            set(node, loop.now(), delayNanos);
        } else {
            long at = System.nanoTime() + Math.max(0, delayNanos);
            loop.execute(() -> setAt(node, at));
        }
        return node;
    }
}
