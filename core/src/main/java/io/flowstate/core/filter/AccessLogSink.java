package io.flowstate.core.filter;

import io.flowstate.core.log.EventLog;
import io.flowstate.core.metrics.Counter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Where access log lines go, off the request path: a bounded queue that requests
 * {@link #offer} entries to without ever waiting, and one daemon writer thread that turns
 * them into JSON lines and writes them out.
 *
 * <p><b>Never blocking a request.</b> {@link #offer} is one non-blocking
 * {@link ArrayBlockingQueue#offer}. When the queue is full (the writer fell behind: a slow
 * disk, a stuck pipe on standard output) the entry is dropped and counted ({@link #dropped()},
 * and the {@code flowstate_access_log_dropped_total} counter given to the constructor). Lines
 * that fail to be written are counted the same way, and the first failure is reported as an
 * {@code access_log_write_failed} event.
 *
 * <p><b>Writing.</b> The writer takes what is queued, up to {@value #MAX_BATCH_LINES} lines
 * at a time, appends them to the target in one call, whole lines only, and flushes: an idle
 * proxy's lines are written one by one as they come, a busy one's in batches. After each
 * write it calls the {@link #onFlush} listener.
 *
 * <p><b>Sharing and life.</b> One sink per target (a file, or standard output) per config
 * snapshot, shared by every {@code accessLog} filter that names it, and owned by the
 * snapshot's {@link AccessLogs}, which closes it. {@link #close()} stops taking entries,
 * writes what is queued, stops the writer and closes the target if the sink owns it.
 */
public final class AccessLogSink implements AutoCloseable {
    /** The most lines written in one call to the target. */
    public static final int MAX_BATCH_LINES = 512;
    /** Tells the writer to stop; never written. */
    private static final AccessLogEntry STOP = new AccessLogEntry(0, null, null, null, null, "", null, null, 0, 0,
            0, 0, -1, 0, null);

    private final String name;
    private final Appendable out;
    private final Closeable owned;
    private final ArrayBlockingQueue<AccessLogEntry> queue;
    private final int queueSize;
    private final LongAdder dropped = new LongAdder();
    private final Counter droppedCounter;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread writer;
    private volatile long written;
    private volatile LongConsumer onFlush = n -> { };
    private boolean failedBefore;                              // writer thread only

    /**
     * Starts the writer thread.
     *
     * @param name      what the target is, for the thread's name and for events ({@code "stdout"}, a file path)
     * @param out       where lines go; flushed after each write when {@link Flushable}
     * @param owned     closed by {@link #close()} after the last write; null when the sink does not own
     *                  the target (standard output)
     * @param queueSize the most entries waiting for the writer, at least 1
     * @param dropped   counts every entry dropped (a stand-in from {@code Metrics.disabled()} when none)
     */
    public AccessLogSink(String name, Appendable out, Closeable owned, int queueSize, Counter dropped) {
        this.name = Objects.requireNonNull(name, "name");
        this.out = Objects.requireNonNull(out, "out");
        this.owned = owned;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.queueSize = queueSize;
        this.droppedCounter = Objects.requireNonNull(dropped, "dropped");
        this.writer = Thread.ofPlatform().name("flowstate-access-log " + name).daemon().unstarted(this::run);
        writer.start();
    }

    /**
     * Queues one entry for writing, without waiting. Called on request threads, concurrently.
     *
     * @return false when the entry was dropped: the queue was full, or the sink is closed
     */
    public boolean offer(AccessLogEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (closing.get() || !queue.offer(entry)) {
            drop(1);
            return false;
        }
        return true;
    }

    /** Entries dropped so far: refused by a full queue or a closed sink, or lost to a failed write. */
    public long dropped() {
        return dropped.sum();
    }

    /** Lines written to the target so far. */
    public long written() {
        return written;
    }

    /** The most entries that may wait for the writer. */
    public int queueSize() {
        return queueSize;
    }

    /** What the target is: {@code "stdout"} or the file's path. */
    public String name() {
        return name;
    }

    /**
     * Calls {@code listener} on the writer thread after each write, with the number of lines
     * written so far ({@link #written()}); replaces the listener set before. It must be quick.
     * Tests wait on it instead of on time.
     */
    public void onFlush(LongConsumer listener) {
        this.onFlush = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Refuses further entries, writes every one queued, stops the writer thread and closes
     * the target it owns. Blocks until that is done (so it waits for a slow target).
     * Idempotent. An entry offered after it began is dropped and counted, except one that
     * races with it, which may be written or lost.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        if (closing.compareAndSet(false, true)) {
            while (true) {
                try {
                    queue.put(STOP);                           // behind everything queued; waits for room
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<AccessLogEntry> batch = new ArrayList<>(MAX_BATCH_LINES);
        StringBuilder text = new StringBuilder(64 * 1024);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;                                      // nobody interrupts this thread; only STOP ends it
            }
            queue.drainTo(batch, MAX_BATCH_LINES - 1);
            stop = write(batch, text);
        }
        // Entries that slipped in between the closing flag and STOP.
        while (queue.drainTo(batch, MAX_BATCH_LINES) > 0) {
            write(batch, text);
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (IOException e) {
                failed(e);
            }
        }
    }

    /** Writes the batch as lines and empties it; returns whether it held {@link #STOP}. */
    private boolean write(List<AccessLogEntry> batch, StringBuilder text) {
        boolean stop = false;
        int lines = 0;
        text.setLength(0);
        for (AccessLogEntry e : batch) {
            if (e == STOP) {
                stop = true;
                continue;
            }
            e.appendJson(text);
            text.append('\n');
            lines++;
        }
        batch.clear();
        if (lines == 0) {
            return stop;
        }
        try {
            out.append(text);
            if (out instanceof Flushable f) {
                f.flush();
            }
            written += lines;                                  // one writer thread
        } catch (IOException | RuntimeException e) {
            drop(lines);
            failed(e);
        }
        onFlush.accept(written);
        return stop;
    }

    private void drop(long n) {
        dropped.add(n);
        droppedCounter.add(n);
    }

    private void failed(Exception e) {
        if (!failedBefore) {
            failedBefore = true;
            EventLog.stderr().log(EventLog.Level.ERROR, "access_log_write_failed", "sink", name,
                    "reason", String.valueOf(e), "note", "later failures are counted as dropped lines, not logged");
        }
    }

    @Override
    public String toString() {
        return "AccessLogSink[" + name + ", queued=" + queue.size() + ", written=" + written + ", dropped="
                + dropped() + "]";
    }
}
