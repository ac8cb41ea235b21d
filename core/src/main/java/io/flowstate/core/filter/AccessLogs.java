package io.flowstate.core.filter;

import io.flowstate.core.config.AccessLogSettings;
import io.flowstate.core.metrics.Counter;
import io.flowstate.core.metrics.MetricNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The access-log sinks of one config snapshot, one per target (each file, and standard
 * output), and what {@code accessLog} filters run on: the wall clock of the {@code time}
 * field and the counter of dropped lines.
 *
 * <p>Made by {@code Snapshot.compile} and handed to {@link FilterFactory}, which asks it for
 * the sink of each {@code accessLog} entry: entries naming the same target get the same sink.
 * The snapshot owns it and {@linkplain #close() closes} it once no request uses the snapshot
 * any more (server stop; a reload, after the old snapshot drained). Thread-safe.
 */
public final class AccessLogs implements AutoCloseable {
    private final Clock clock;
    private final Appendable stdout;
    private final Counter dropped;
    private final Map<Path, AccessLogSink> files = new LinkedHashMap<>();
    private AccessLogSink stdoutSink;
    private boolean closed;

    /**
     * @param clock   the wall clock the {@code time} field is read from
     * @param stdout  the target of entries without a {@code path}; never closed here
     * @param dropped counts lines dropped by every sink ({@link MetricNames#ACCESS_LOG_DROPPED})
     */
    public AccessLogs(Clock clock, Appendable stdout, Counter dropped) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.dropped = Objects.requireNonNull(dropped, "dropped");
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The sink of {@code settings}' target, opened (and its file created) on first use.
     *
     * @throws UncheckedIOException  when the file cannot be opened
     * @throws IllegalStateException when a sink of the same target has another queue size (the
     *                               config loader rules that out), or after {@link #close()}
     */
    public synchronized AccessLogSink sink(AccessLogSettings settings) {
        if (closed) {
            throw new IllegalStateException("access logs are closed");
        }
        AccessLogSink sink = settings.stdout() ? stdoutSink : files.get(settings.path());
        if (sink == null) {
            sink = open(settings);
            if (settings.stdout()) {
                stdoutSink = sink;
            } else {
                files.put(settings.path(), sink);
            }
        } else if (sink.queueSize() != settings.queueSize()) {
            throw new IllegalStateException("accessLog entries writing to " + sink.name()
                    + " must share one queue size, got " + sink.queueSize() + " and " + settings.queueSize());
        }
        return sink;
    }

    private AccessLogSink open(AccessLogSettings settings) {
        AccessLogSink sink;
        if (settings.stdout()) {
            sink = new AccessLogSink("stdout", stdout, null, settings.queueSize(), dropped);
        } else {
            AppendFile file;
            try {
                file = new AppendFile(settings.path());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open access log " + settings.path() + ": " + e.getMessage(), e);
            }
            sink = new AccessLogSink(settings.path().toString(), file, file, settings.queueSize(), dropped);
        }
        return sink;
    }

    /** The sink writing to {@code file} (absolute, normalized), or to standard output for null; null when none. */
    public synchronized AccessLogSink find(Path file) {
        return file == null ? stdoutSink : files.get(file);
    }

    /** Every sink opened so far, standard output's first. */
    public synchronized List<AccessLogSink> sinks() {
        List<AccessLogSink> out = new ArrayList<>();
        if (stdoutSink != null) {
            out.add(stdoutSink);
        }
        out.addAll(files.values());
        return out;
    }

    /** Lines dropped so far by every sink. */
    public long dropped() {
        return sinks().stream().mapToLong(AccessLogSink::dropped).sum();
    }

    /** Closes every sink, writing what each has queued ({@link AccessLogSink#close()}). Idempotent. */
    @Override
    public void close() {
        List<AccessLogSink> all;
        synchronized (this) {
            closed = true;
            all = sinks();
        }
        all.forEach(AccessLogSink::close);
    }
}
