package io.flowstate.harness.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.HdrHistogram.Histogram;

/**
 * Applies one {@link LoadSpec} to a loopback HTTP/1.1 server and measures it.
 *
 * <h2>Closed and open loop, and coordinated omission</h2>
 * A closed loop ({@code ratePerSecond == 0}) is N users that each send a request, wait for the
 * response, and send the next: it measures how fast the server turns requests around, but the
 * load adapts to the server. When the server stalls, the users stall with it and stop sending;
 * the requests they would have sent during the stall are never made, so never measured. Gil
 * Tene named this <em>coordinated omission</em> (his talk "How NOT to Measure Latency", from
 * 2013 on, and HdrHistogram's {@code recordValueWithExpectedInterval} javadoc): the load tool
 * coordinates with the system under test and omits exactly the samples that would show the
 * stall, so the reported percentiles can be better than what users at that rate would see by
 * orders of magnitude.
 *
 * <p>The open loop ({@code ratePerSecond > 0}) follows wrk2 (Gil Tene,
 * https://github.com/giltene/wrk2, whose README explains the model): the load is a constant
 * rate, fixed in advance, so request {@code i} has an intended send time
 * {@code start + i / rate} whatever the server does. Latency is measured from that intended
 * time, so a request that had to wait (behind a stalled response, or for a free connection)
 * carries the wait in its latency: this is the <em>corrected</em> histogram. The
 * <em>uncorrected</em> latency, from the moment the request's first byte was written, is kept
 * beside it, as wrk2 does, so a report can show how much the correction matters. Unlike
 * wrk2, which gives each connection its own share of the rate and schedule, requests here go to
 * whichever connection is free, oldest request first; a request that finds none free waits in a
 * backlog, its wait counted. So a stall on one connection holds up only the request on it while
 * other connections are free, as with a client that has a connection pool.
 *
 * <p>In a closed loop there is no intended time beyond "when the connection was ready to send",
 * so corrected and uncorrected differ only by the connect time (keep-alive off); closed-loop
 * numbers describe service time under N concurrent users, not latency at a rate.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #run} blocks its caller until the run has ended: at
 *       {@code warmup + duration}, plus the time in-flight requests take to finish, at most
 *       {@code requestTimeout}. It starts one I/O thread (all sockets, one selector) and, in
 *       open loop, one pacing thread; both are gone when it returns or throws.</li>
 *   <li>Progress and the interval log are written on the caller's thread, once per second, off
 *       the I/O path.</li>
 *   <li>Interrupting the caller stops the run: {@link #run} throws {@link InterruptedException}
 *       after the threads have stopped and the sockets are closed.</li>
 *   <li>Failures of the target are counted by kind ({@link LoadResult#errorsByKind()}), never
 *       thrown. After a failure a connection is closed and the next request opens a new one; in
 *       closed loop a connection whose connect failed first pauses 10 ms, so a refusing target
 *       costs about 100 attempts per connection per second rather than a busy loop.</li>
 *   <li>The warm-up lasts {@link LoadSpec#warmup()} at most; a {@link WarmUp} may end it as soon
 *       as the load has settled. Requests issued during the warm-up are left out of every count,
 *       histogram, the log and the timeline, even when they end later. Each request is counted as described in
 *       {@link LoadResult}: {@code sent == completed + errors()}.</li>
 *   <li>The generator measures itself: {@link LoadResult#generatorCpuShare()} and
 *       {@link LoadResult#generatorSaturated()} say whether its loop could have been the
 *       bottleneck, {@link LoadResult#harnessCpuShare()} and {@link LoadResult#harnessSaturated()}
 *       whether the whole process (generator and whatever else runs in it: the test backends)
 *       had CPU to spare.</li>
 * </ul>
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /** Runs the load with the spec's warm-up, whole; see {@link #run(LoadSpec, Path, Progress, WarmUp)}. */
    public static LoadResult run(LoadSpec spec, Path hlog, Progress progress) throws IOException, InterruptedException {
        return run(spec, hlog, progress, WarmUp.fixed());
    }

    /**
     * Runs the load and returns what it measured.
     *
     * @param spec     the load; its target is loopback (checked when the spec was made); its
     *                 warm-up is the longest the warm-up may last
     * @param hlog     where to write the per-second corrected-latency histograms as an HdrHistogram
     *                 log (created or replaced; its directory must exist), or null for none
     * @param progress told about each second; {@link Progress#none()} when nobody listens
     * @param warmUp   may end the warm-up early, and is told when measuring begins; see {@link WarmUp}
     * @return what the measured phase measured
     * @throws IOException          when the selector cannot be opened or the log cannot be written
     *                              (failures of the target are counted, never thrown)
     * @throws InterruptedException when the calling thread is interrupted; the run is stopped
     */
    public static LoadResult run(LoadSpec spec, Path hlog, Progress progress, WarmUp warmUp)
            throws IOException, InterruptedException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(progress, "progress (use Progress.none() for none)");
        Objects.requireNonNull(warmUp, "warmUp (use WarmUp.fixed() for the spec's warm-up)");
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        Histogram corrected = new Histogram(Measurements.SIGNIFICANT_DIGITS);
        List<Second> timeline = new ArrayList<>();
        boolean settled = false;
        int warmupSeconds = 0;
        try (HlogOutput log = HlogOutput.open(hlog, spec);
             EventLoop loop = new EventLoop(spec, reports, Thread.currentThread())) {
            loop.start();
            while (true) {
                switch (reports.take()) {
                    case Report.Interval interval -> {
                        if (!interval.warmingUp()) {
                            corrected.add(interval.corrected());
                            log.write(interval.startEpochMillis(), interval.endEpochMillis(), interval.corrected());
                            timeline.add(second(timeline.size(), interval));
                        }
                        Tally.Interval counts = interval.counts();
                        if (interval.warmingUp() && !settled
                                && warmUp.settled(++warmupSeconds, counts.completed())) {
                            settled = true;
                            loop.endWarmUp();
                        }
                        progress.second(interval.elapsedSeconds(), counts.completed(), counts.errorsSoFar(),
                                interval.warmingUp());
                    }
                    case Report.Measuring measuring -> warmUp.measuring(measuring.warmupNanos());
                    case Report.Finished finished -> {
                        return result(spec, finished, corrected, timeline);
                    }
                    case Report.Failed failed -> throw rethrow(failed.cause());
                }
            }
        }
    }

    private static Second second(int index, Report.Interval interval) {
        Tally.Interval counts = interval.counts();
        return new Second(index, counts.completed(), counts.errors(), counts.backendCounts(),
                interval.corrected().getValueAtPercentile(99), counts.statusErrors());
    }

    private static LoadResult result(LoadSpec spec, Report.Finished finished, Histogram corrected, List<Second> timeline) {
        Tally measured = finished.measured();
        double share = finished.cpuShare();
        return new LoadResult(measured.sent, measured.completed, measured.errorsByKind(), measured.statusCounts(),
                measured.backendCounts(), corrected, finished.uncorrected(), timeline, share,
                share >= LoadResult.SATURATED_CPU_SHARE, spec.duration(), Duration.ofNanos(finished.warmupNanos()),
                finished.processCpuShare(), finished.processCpus());
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException e) {
            return new IOException("load generator failed: " + e.getMessage(), e);
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IOException("load generator failed", cause);
    }
}
