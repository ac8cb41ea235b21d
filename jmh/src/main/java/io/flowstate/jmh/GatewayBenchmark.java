package io.flowstate.jmh;

import io.flowstate.core.filter.RequestIds;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.proxy.Gateway;
import io.flowstate.core.proxy.ProxyHandler;
import io.flowstate.core.proxy.Snapshot;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.time.TimerWheel;
import io.flowstate.core.time.Ticker;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's whole per-request work without I/O: one request through {@link Gateway} over
 * a {@link Snapshot} compiled from the default config with the filter stack (one volatile
 * read, request id, deadline timer, route lookup, the gateway's recovery layer, requestId
 * and recovery, then {@link ProxyHandler}: balancer pick, header copy, hop-by-hop strip,
 * forwarding fields, load accounting), answered by an upstream that returns a completed
 * response at once, and finished as an ingress finishes it (timer cancelled, endpoint load
 * released).
 *
 * <p>Why: it is the floor under every engine's per-request latency and CPU, and its parts
 * ({@link #proxyHandlerOnly}, {@link #deadlineTimerOnly}, and {@link FilterStackBenchmark},
 * {@link RouterBenchmark}, {@link HeaderRewriteBenchmark}) show what dominates it.
 *
 * <p>The deadline timer is the real shared one ({@link TimerWheel}); what a timer queue
 * costs may depend on what else it holds, hence {@code timerQueue}:
 * {@code empty} is one request at a time (each request's timer is the only one); {@code busy}
 * keeps an earlier timer pending, as the timers of other requests in flight do under load.
 * A timer that sleeps until its earliest entry (the ScheduledThreadPoolExecutor this wheel
 * replaced) must be woken when a new entry becomes the earliest, so {@code empty} cost it a
 * thread wake-up per request; the wheel ticks whatever it holds, so the two should agree.
 *
 * <p>{@code fixture} is the request's size: {@code browser} is {@link Fixtures#browserFields()}
 * (12 fields, hop-by-hop ones and a forwarding chain among them) answered with 6 fields;
 * {@code harness} is what the load harness sends, {@link Fixtures#harnessFields()} (Host,
 * User-Agent, Accept) answered with {@link Fixtures#harnessResponse()} (3 fields). The
 * request's fields are made as the JDK and Jetty engines make them (Strings), once: what
 * parsing a head costs is {@link Http1HeadBenchmark}'s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GatewayBenchmark {

    /** Answers every send at once with a new response, as if the backend were infinitely fast. */
    private static final class CannedUpstream implements Upstream {
        private final boolean harness;

        CannedUpstream(String fixture) {
            this.harness = fixture.equals("harness");
            Fixtures.response(fixture);                        // fails here for an unknown fixture
        }

        @Override
        public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                long responseHeaderTimeoutNanos) {
            return CompletableFuture.completedFuture(harness ? Fixtures.harnessResponse() : Fixtures.upstreamResponse());
        }

        @Override
        public void close() {
        }
    }

    private static final String TARGET = "/catalog/items?page=3";
    private static final long TIMER_DELAY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Runnable NOTHING = () -> { };

    /** Sooner than the 30 s request timeout, so that it stays ahead of every request's timer. */
    private static final long EARLIER_TIMER_NANOS = TimeUnit.SECONDS.toNanos(29);

    /** The deadline timer, with its queue empty or busy. */
    @State(Scope.Thread)
    public static class Timer {
        @Param({"empty", "busy"})
        public String timerQueue;

        TimerWheel deadlines;

        @Setup
        public void setupTimer() {
            deadlines = timerWheel(timerQueue);
        }

        @TearDown
        public void tearDown() {
            deadlines.close();
        }
    }

    /** A wheel whose queue is empty, or busy with one timer that stays ahead of every request's. */
    static TimerWheel timerWheel(String timerQueue) {
        TimerWheel deadlines = new TimerWheel();
        if (timerQueue.equals("busy")) {
            // Re-arms itself when it fires, so a longer run stays "busy" too.
            deadlines.schedule(new Runnable() {
                @Override
                public void run() {
                    deadlines.schedule(this, EARLIER_TIMER_NANOS);
                }
            }, EARLIER_TIMER_NANOS);
        } else if (!timerQueue.equals("empty")) {
            throw new IllegalArgumentException("timerQueue is empty or busy, not " + timerQueue);
        }
        return deadlines;
    }

    /**
     * The gateway and its deadline timer ({@link Timer}'s), for the {@code browser} request
     * (12 fields, a 6-field response) or the {@code harness} one (3 fields, a 3-field response).
     */
    @State(Scope.Thread)
    public static class Path {
        @Param({"empty", "busy"})
        public String timerQueue;

        @Param({"browser", "harness"})
        public String fixture;

        private TimerWheel deadlines;
        private Gateway gateway;
        private Request request;

        @Setup
        public void setupPath() {
            deadlines = timerWheel(timerQueue);
            Ticker ticker = Ticker.system();
            request = Fixtures.request(fixture, "GET", TARGET);
            Snapshot snapshot = Snapshot.compile(Fixtures.stackConfig(), new CannedUpstream(fixture), ticker);
            gateway = new Gateway(snapshot, new RequestIds(new SplittableRandom(42)), ticker, deadlines);
            // "/catalog/..." is not under "/api": it goes to route "web" (host "*", prefix "/").
            Exchange probe = new Exchange(request, Fixtures.CLIENT, "http", System.nanoTime());
            Response r = gateway.handle(probe).toCompletableFuture().getNow(null);
            probe.finish(r == null ? 0 : r.status());
            if (r == null || r.status() != 200 || !"web".equals(probe.routeName())) {
                throw new IllegalStateException("expected 200 through route web, got " + r + " via " + probe.routeName());
            }
        }

        @TearDown
        public void tearDown() {
            deadlines.close();
        }
    }

    private Handler proxyHandler;
    private Request request;

    @Setup
    public void setup() {
        Ticker ticker = Ticker.system();
        Snapshot snapshot = Snapshot.compile(Fixtures.stackConfig(), new CannedUpstream("browser"), ticker);
        Pool web = snapshot.pools().get("web");
        proxyHandler = new ProxyHandler(web, new CannedUpstream("browser"),
                snapshot.config().timeouts().responseHeader().toNanos(), ticker);
        request = Fixtures.browserRequest("GET", TARGET);
    }

    /** One routed request, start to finish, through the gateway. */
    @Benchmark
    public Response gatewayRequest(Path path) {
        Exchange exchange = new Exchange(path.request, Fixtures.CLIENT, "http", System.nanoTime());
        Response response = path.gateway.handle(exchange).toCompletableFuture().getNow(null);
        exchange.finish(response.status());
        return response;
    }

    /** The proxy handler alone (pick, outbound headers, load accounting), no filters, no routing, no timer. */
    @Benchmark
    public Response proxyHandlerOnly() {
        Exchange exchange = new Exchange(request, Fixtures.CLIENT, "http", System.nanoTime());
        exchange.requestId("5f0c6a9e3b1d2e47-1a2b");
        Response response = proxyHandler.handle(exchange).toCompletableFuture().getNow(null);
        exchange.finish(response.status());
        return response;
    }

    /** The gateway's deadline timer alone: schedule on the {@link TimerWheel}, then cancel, as every request does. */
    @Benchmark
    public void deadlineTimerOnly(Timer timer) {
        timer.deadlines.schedule(NOTHING, TIMER_DELAY_NANOS).run();
    }
}
