package io.flowstate.harness.load;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one {@link LoadGenerator#run} measured. Only requests of the measured phase count:
 * warm-up requests are in no count and no histogram, even when they end after the warm-up.
 *
 * <p>Accounting (what {@link LoadGenerator} guarantees; this record does not check it):
 * <ul>
 *   <li>{@code sent} counts requests issued in the measured window: in closed loop each request
 *       a connection started, in open loop each request whose intended send time fell in the
 *       window, whether or not a connection was free for it at that moment.</li>
 *   <li>Every issued request ends exactly once: it is {@code completed} (a whole response
 *       arrived) or it failed as one of {@link #CONNECT}, {@link #TIMEOUT} or {@link #RESET}.
 *       So {@code sent == completed + errors()}, always, where {@link #errors()} is the sum of
 *       those three kinds. In-flight requests at the end of the window get at most
 *       {@code requestTimeout} to finish; none is discarded, each is counted as completed or
 *       as an error (a timeout, or connect if it never connected).</li>
 *   <li>A response with status 500 or above is completed <em>and</em> counted under
 *       {@link #STATUS}: the server answered, but with an error. {@link #statusErrors()} reads
 *       it; it is not part of {@link #errors()}.</li>
 * </ul>
 *
 * <p>The histograms belong to this result; callers read them and do not change them.
 *
 * @param sent              requests issued in the measured window (see above)
 * @param completed         requests that got a whole response, any status
 * @param errorsByKind      failed requests per kind: always the four keys {@link #CONNECT},
 *                          {@link #TIMEOUT}, {@link #RESET}, {@link #STATUS} in that order
 * @param statusCounts      completed responses per status code, sorted
 * @param backendCounts     completed responses per {@code X-Backend} response field value,
 *                          {@code "-"} when the field is absent or empty; sorted by name
 * @param corrected         latency of completed requests in microseconds, from the intended send
 *                          time: corrected for coordinated omission in open loop; in closed loop
 *                          from the moment the connection was ready to send (so with keep-alive
 *                          off it includes connecting)
 * @param uncorrected       latency of the same requests in microseconds from the moment the
 *                          request's first byte was written
 * @param timeline          one entry per measured second, in order
 * @param generatorCpuShare CPU time of the generator's own threads over the measured window
 *                          divided by the window's wall time: 1.0 is one core kept busy; NaN when
 *                          the JVM cannot measure thread CPU time. GC and JIT threads are not
 *                          included
 * @param generatorSaturated true when {@code generatorCpuShare >= } {@link #SATURATED_CPU_SHARE}:
 *                          the generator's I/O thread was nearly always busy, so it may have
 *                          limited the load and added latency of its own
 * @param measured          the measured window: the spec's duration (requests are assigned to
 *                          it by their intended or actual send time, not by when they end)
 * @param warmup            how long the warm-up lasted: the spec's warm-up, or less when a
 *                          {@link WarmUp} ended it early
 * @param harnessCpuShare   CPU time of this whole JVM (generator, test backends, GC, JIT) over
 *                          the measured window divided by its wall time, in cores; NaN when the
 *                          JVM cannot tell
 * @param harnessCpus       the CPUs this JVM could use (its affinity) at the end of the run
 */
public record LoadResult(long sent, long completed, Map<String, Long> errorsByKind, Map<Integer, Long> statusCounts,
                         Map<String, Long> backendCounts, Histogram corrected, Histogram uncorrected,
                         List<Second> timeline, double generatorCpuShare, boolean generatorSaturated,
                         Duration measured, Duration warmup, double harnessCpuShare, int harnessCpus) {

    /** Error kind: no connection could be made (refused, or not connected before the deadline). */
    public static final String CONNECT = "connect";
    /** Error kind: connected, but no whole response before the deadline. */
    public static final String TIMEOUT = "timeout";
    /** Error kind: the connection was reset or closed, or sent something that is not HTTP/1.1, mid-response. */
    public static final String RESET = "reset";
    /** Error kind: a completed response with status 500 or above. */
    public static final String STATUS = "status";

    /**
     * The CPU share at and above which a run is flagged as generator-saturated: the generator does
     * its I/O on one thread, so at 0.9 of a core it is busy 90% of the time and its own queueing
     * starts to show in the latencies and to cap the rate.
     */
    public static final double SATURATED_CPU_SHARE = 0.9;

    /** Copies the maps and the timeline into unmodifiable ones; the histograms are kept as given. */
    public LoadResult {
        errorsByKind = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(errorsByKind, "errorsByKind")));
        statusCounts = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(statusCounts, "statusCounts")));
        backendCounts = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(backendCounts, "backendCounts")));
        Objects.requireNonNull(corrected, "corrected");
        Objects.requireNonNull(uncorrected, "uncorrected");
        timeline = List.copyOf(timeline);
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(warmup, "warmup");
    }

    /**
     * Requests that ended without a response: connect, timeout and reset errors. With
     * {@link #completed()} it accounts for every request sent: {@code sent() == completed() + errors()}.
     * 5xx responses are not in it; see {@link #statusErrors()}.
     */
    public long errors() {
        return kind(CONNECT) + kind(TIMEOUT) + kind(RESET);
    }

    /** Completed responses with status 500 or above (the {@link #STATUS} kind). */
    public long statusErrors() {
        return kind(STATUS);
    }

    /**
     * True when the harness JVM used at least {@link #SATURATED_CPU_SHARE} of every CPU it could use:
     * the generator and the backends then competed for CPU, and may have limited the load.
     */
    public boolean harnessSaturated() {
        return harnessCpuShare >= SATURATED_CPU_SHARE * harnessCpus;
    }

    /** Either the generator's loop or the whole harness JVM was short of CPU. */
    public boolean saturated() {
        return generatorSaturated || harnessSaturated();
    }

    /** Completed requests per second of the measured window; 0 for an empty window. */
    public double rps() {
        long nanos = measured.toNanos();
        return nanos <= 0 ? 0 : completed * 1e9 / nanos;
    }

    private long kind(String kind) {
        return errorsByKind.getOrDefault(kind, 0L);
    }
}
