package io.flowstate.jmh;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.telemetry.RouteMetrics;
import io.flowstate.core.telemetry.UpstreamMetrics;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording a request's metrics costs: the route's part ({@link RouteMetrics#started}
 * and the finish observer: in-flight gauge, duration histogram, body-byte counters, the
 * requests counter by backend, method and status class) and the try's part
 * ({@link UpstreamMetrics#answered}: status-class counter and time-to-first-byte histogram).
 *
 * <p>Why: the issue asks that recording take no lock and allocate nothing per request once
 * the handles are resolved; {@code -prof gc} shows the B/op. One exchange is reused across
 * operations so that only the recording is measured (its observer slot is set again each
 * time, as the gateway does per request).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsBenchmark {
    private RouteMetrics route;
    private UpstreamMetrics upstream;
    private Endpoint endpoint;
    private Exchange exchange;

    @Setup
    public void setup() {
        Metrics metrics = Metrics.create();
        endpoint = new Endpoint("127.0.0.1", 9001, 1);
        route = new RouteMetrics(metrics, System::nanoTime, "web", "web", List.of(endpoint.key()));
        upstream = new UpstreamMetrics(metrics, "web", List.of(endpoint));
        Request request = Fixtures.browserRequest("GET", "/catalog/items?page=3");
        exchange = new Exchange(request, new InetSocketAddress("127.0.0.1", 50000), "http", System.nanoTime());
        exchange.backend(endpoint.key());
    }

    @Benchmark
    public void routeStartAndFinish() {
        route.started(exchange);
        route.finished(exchange, 200);
    }

    @Benchmark
    public void upstreamAnswer() {
        upstream.answered(endpoint, 200, 350_000);
    }
}
