package io.flowstate.harness.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

/**
 * The generator's I/O thread: one selector over every connection, the send schedule, the
 * deadlines and the interval ticks; {@link Measurements} keeps the counts and latencies. See
 * {@link LoadGenerator} for the model.
 *
 * <p>Contract: made and closed by {@link LoadGenerator#run}'s thread; {@link #start()} once.
 * From then on everything here belongs to the I/O thread, which reports through the queue
 * given: one {@link Report.Interval} per interval, then exactly one {@link Report.Finished}
 * or {@link Report.Failed}. {@link #close()} stops it early if it is still running and waits
 * for it.
 *
 * <p>How it runs. Each turn of the loop: close the intervals whose second has passed (ticks);
 * fail requests whose deadline has passed; start what may start (closed loop: every connection
 * that is ready; open loop: every request whose intended time has come, on a free connection,
 * or else it waits in a backlog); then wait in the selector until the earliest of the next
 * tick, deadline, intended send time and end of load, handling I/O as it comes. The run ends
 * when the load has ended and no request is outstanding; every request then has ended, because
 * each one has a deadline at most {@code requestTimeout} after its issue.
 *
 * <p>Deadlines count from a request's issue time: its intended time in open loop (so a request
 * that waits in the backlog for a connection uses up its time there, as the user it stands for
 * would), its start in closed loop. A request still connecting at its deadline is a connect
 * error, one connected is a timeout; the connection is closed either way.
 */
final class EventLoop implements AutoCloseable {

    static final long SECOND_NANOS = 1_000_000_000L;
    /**
     * Open loop: a send due sooner than this is waited for by polling the selector (busy), a later
     * one by arming the {@link Pacer}. Small on purpose: the generator shares the machine with the
     * proxy under test, and busy-waiting for every send would cost a core at 20k requests/s.
     * The price is lateness: waking a parked thread takes tens of microseconds on Linux (timer
     * slack, scheduling), typically 0.05-0.2 ms on a busy 2-core machine, and corrected latency
     * includes it (it errs towards reporting more latency, never less).
     */
    static final long SPIN_BELOW_NANOS = 10_000;
    /**
     * Closed loop: a connection whose connect failed waits this long before its next request, so
     * a refusing target is not hammered in a tight loop (open loop needs no pause: the rate bounds
     * the attempts).
     */
    static final long CONNECT_RETRY_PAUSE_NANOS = 10_000_000;

    private static final long NONE = Long.MAX_VALUE;

    private final LoadSpec spec;
    private final boolean open;
    private final long timeoutNanos;
    private final double nanosPerRequest;
    private final BlockingQueue<Report> reports;
    private final Selector selector;
    private final Connection[] connections;
    private final Pacer pacer;
    private final Thread thread;
    private final CpuClock cpu;
    private volatile boolean stopRequested;
    private volatile boolean endWarmUpRequested;
    private boolean started;

    private final Measurements measurements = new Measurements();
    private final DeadlineQueue deadlines = new DeadlineQueue();

    private long start;
    private long epochMillisAtStart;
    private long warmupEnd;
    private long loadEnd;
    private boolean warmingUp;
    private boolean loadEnded;
    private long nextTick;
    private long intervalStart;
    private long cpuAtWarmupEnd;
    private long wallAtWarmupEnd;
    private double cpuShare = Double.NaN;
    private long processCpuAtWarmupEnd;
    private double processCpuShare = Double.NaN;
    private long warmupNanos;
    private long nextRequestId;
    private int inFlight;

    // Open loop: requests [backlogStart, nextIndex) are issued and wait for a connection.
    private long nextIndex;
    private long backlogStart;
    private final ArrayDeque<Connection> free = new ArrayDeque<>();
    // Closed loop: connections that may send now, and those pausing after a connect error.
    private final ArrayDeque<Connection> ready = new ArrayDeque<>();
    private final ArrayDeque<Connection> paused = new ArrayDeque<>();

    EventLoop(LoadSpec spec, BlockingQueue<Report> reports, Thread caller) throws IOException {
        this.spec = spec;
        this.open = spec.openLoop();
        this.timeoutNanos = spec.requestTimeout().toNanos();
        this.nanosPerRequest = open ? SECOND_NANOS / spec.ratePerSecond() : 0;
        this.reports = reports;
        this.selector = Selector.open();
        ByteBuffer request = Requests.encode(spec);
        this.connections = new Connection[spec.connections()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Connection(spec.target(), selector, request, spec.keepAlive());
        }
        this.pacer = new Pacer(selector);
        this.thread = Thread.ofPlatform().daemon().name("flowstate-load").unstarted(this::run);
        this.cpu = new CpuClock(List.of(thread, pacer.thread(), caller));
    }

    void start() {
        started = true;
        if (open) {
            pacer.start();
        }
        thread.start();
    }

    /**
     * Ends the warm-up at the I/O thread's next turn, if it is still warming up: the measured
     * window starts then and lasts the spec's duration. Any thread may call it, any number of times.
     */
    void endWarmUp() {
        endWarmUpRequested = true;
        selector.wakeup();
    }

    /** Stops the I/O thread if it still runs and waits for it and the pacer to end. */
    @Override
    public void close() {
        stopRequested = true;
        if (!started) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // never used
            }
            return;
        }
        selector.wakeup();
        joinUninterruptibly(thread);
        pacer.stop();
    }

    /** Waits for a thread that has been told to stop (it does within a select); keeps an interrupt for later. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            loop();
            reports.add(measurements.finished(cpuShare, processCpuShare, CpuClock.cpus(), warmupNanos));
        } catch (Throwable t) {
            reports.add(new Report.Failed(t));
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // the run is over; nothing depends on the selector any more
            }
        }
    }

    private void loop() throws IOException {
        start = System.nanoTime();
        epochMillisAtStart = System.currentTimeMillis();
        warmupEnd = start + spec.warmup().toNanos();
        loadEnd = warmupEnd + spec.duration().toNanos();
        intervalStart = start;
        warmingUp = true;
        nextTick = Math.min(start + SECOND_NANOS, warmupEnd);
        if (warmupEnd == start) {
            beginMeasuring(start);
        }
        (open ? free : ready).addAll(List.of(connections));
        while (!stopRequested) {
            long now = System.nanoTime();
            if (warmingUp && endWarmUpRequested && now < warmupEnd) {
                warmupEnd = now;                            // advance() ends the warm-up interval here
                loadEnd = now + spec.duration().toNanos();
                nextTick = now;
            }
            advance(now);
            expire(now);
            if (!loadEnded && now >= loadEnd) {
                endLoad(now);
            }
            if (open) {
                issueDue(now);
                assignBacklog(now);
            } else {
                issueReady(now);
            }
            if (loadEnded && outstanding() == 0) {
                emit(loadEnd, System.nanoTime());
                return;
            }
            await();
        }
        throw new CancellationException("load run stopped");
    }

    // ---- time: ticks, phases, deadlines

    private void advance(long now) {
        while (now >= nextTick) {
            long tick = nextTick;
            emit(tick, now);
            if (!warmingUp) {
                nextTick = tick + SECOND_NANOS < loadEnd ? tick + SECOND_NANOS : NONE;
            } else if (tick >= warmupEnd) {
                beginMeasuring(now);
            } else {
                nextTick = Math.min(tick + SECOND_NANOS, warmupEnd);
            }
        }
    }

    private void beginMeasuring(long now) {
        warmingUp = false;
        cpuAtWarmupEnd = cpu.nanos();
        processCpuAtWarmupEnd = CpuClock.processNanos();
        wallAtWarmupEnd = now;
        warmupNanos = warmupEnd - start;
        nextTick = warmupEnd + SECOND_NANOS < loadEnd ? warmupEnd + SECOND_NANOS : NONE;
        reports.add(new Report.Measuring(warmupNanos));
    }

    private void endLoad(long now) {
        loadEnded = true;
        cpuShare = CpuClock.share(cpuAtWarmupEnd, cpu.nanos(), now - wallAtWarmupEnd);
        processCpuShare = CpuClock.share(processCpuAtWarmupEnd, CpuClock.processNanos(), now - wallAtWarmupEnd);
        ready.clear();
        paused.clear();
    }

    /** Reports the interval from the last tick to now; {@code nominalEnd} is its end on the schedule. */
    private void emit(long nominalEnd, long now) {
        int elapsed = (int) Math.max(1, (nominalEnd - start + SECOND_NANOS - 1) / SECOND_NANOS);
        reports.add(measurements.interval(warmingUp, elapsed, epochMillis(intervalStart), epochMillis(now)));
        intervalStart = now;
    }

    private void expire(long now) {
        while (backlogStart < nextIndex && intended(backlogStart) + timeoutNanos <= now) {
            measurements.failed(intended(backlogStart) >= warmupEnd, ErrorKind.TIMEOUT);
            backlogStart++;
        }
        while (nextDeadline() <= now) {
            Connection c = deadlines.headConnection();
            deadlines.pop();
            fail(c, c.connecting() ? ErrorKind.CONNECT : ErrorKind.TIMEOUT);
        }
    }

    /** The earliest deadline of a request still in flight; entries of ended requests are dropped. */
    private long nextDeadline() {
        while (!deadlines.isEmpty() && deadlines.headConnection().requestId() != deadlines.headId()) {
            deadlines.pop();
        }
        return deadlines.isEmpty() ? NONE : deadlines.headDeadline();
    }

    private long outstanding() {
        return inFlight + (nextIndex - backlogStart);
    }

    // ---- sending

    /** Open loop: issues every request whose intended time has come (before the end of load). */
    private void issueDue(long now) {
        for (long at = intended(nextIndex); at <= now && at < loadEnd; at = intended(nextIndex)) {
            measurements.sent(at >= warmupEnd);
            nextIndex++;
        }
    }

    /** Open loop: gives waiting requests, oldest first, to free connections (connected ones first). */
    private void assignBacklog(long now) {
        while (backlogStart < nextIndex && !free.isEmpty()) {
            long at = intended(backlogStart++);
            if (at + timeoutNanos <= now) {
                measurements.failed(at >= warmupEnd, ErrorKind.TIMEOUT);
            } else {
                start(free.pollFirst(), at, at >= warmupEnd);
            }
        }
    }

    /** Closed loop: every ready connection sends its next request now. */
    private void issueReady(long now) {
        while (!paused.isEmpty() && paused.peekFirst().resumeAtNanos <= now) {
            ready.addLast(paused.pollFirst());
        }
        // A request that fails at once puts its connection back: it goes again next turn, not now.
        for (int n = ready.size(); n > 0 && !loadEnded; n--) {
            Connection c = ready.pollFirst();
            measurements.sent(now >= warmupEnd);
            start(c, now, now >= warmupEnd);
        }
    }

    private void start(Connection c, long intendedNanos, boolean inMeasuredPhase) {
        long id = nextRequestId++;
        inFlight++;
        deadlines.add(intendedNanos + timeoutNanos, c, id);
        handle(c, c.begin(id, intendedNanos, inMeasuredPhase));
    }

    private long intended(long index) {
        return start + (long) (index * nanosPerRequest);
    }

    // ---- I/O and outcomes

    private void await() throws IOException {
        long now = System.nanoTime();
        if (!ready.isEmpty()) {
            selector.selectNow(this::onKey);
            return;
        }
        long next = Math.min(nextTick, nextDeadline());
        if (backlogStart < nextIndex) {
            next = Math.min(next, intended(backlogStart) + timeoutNanos);
        }
        if (!paused.isEmpty()) {
            next = Math.min(next, paused.peekFirst().resumeAtNanos);
        }
        if (!loadEnded) {
            next = Math.min(next, loadEnd);
        }
        if (open && intended(nextIndex) < loadEnd) {
            long send = intended(nextIndex);
            next = Math.min(next, send);
            if (!free.isEmpty()) {
                if (send - now <= SPIN_BELOW_NANOS) {
                    selector.selectNow(this::onKey);
                    return;
                }
                pacer.wakeAt(send);
            }
        }
        long wait = next - now;
        if (wait <= 0) {
            selector.selectNow(this::onKey);
        } else {
            selector.select(this::onKey, Math.max(1, (wait + 999_999) / 1_000_000));
        }
    }

    private void onKey(SelectionKey key) {
        if (key.isValid()) {
            Connection c = (Connection) key.attachment();
            handle(c, c.ready(key.readyOps()));
        }
    }

    private void handle(Connection c, Connection.Event event) {
        switch (event) {
            case COMPLETE -> complete(c);
            case CONNECT_FAILED -> fail(c, ErrorKind.CONNECT);
            case BROKEN -> fail(c, ErrorKind.RESET);
            case NONE, IDLE_CLOSED -> { }
        }
    }

    private void complete(Connection c) {
        long now = System.nanoTime();
        measurements.completed(c, now);
        c.finish();
        inFlight--;
        release(c, false, now);
    }

    private void fail(Connection c, ErrorKind kind) {
        measurements.failed(c.measured, kind);
        c.abort();
        inFlight--;
        release(c, kind == ErrorKind.CONNECT, System.nanoTime());
    }

    /** A connection has no request any more: it may take the next one. */
    private void release(Connection c, boolean connectFailed, long now) {
        if (open) {
            if (c.open()) {
                free.addFirst(c);
            } else {
                free.addLast(c);
            }
        } else if (loadEnded) {
            return;
        } else if (connectFailed) {
            c.resumeAtNanos = now + CONNECT_RETRY_PAUSE_NANOS;
            paused.addLast(c);
        } else {
            ready.addLast(c);
        }
    }

    private long epochMillis(long nanoTime) {
        return epochMillisAtStart + (nanoTime - start) / 1_000_000;
    }
}
