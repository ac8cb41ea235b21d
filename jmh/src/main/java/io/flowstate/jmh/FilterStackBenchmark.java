package io.flowstate.jmh;

import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.filter.FilterChain;
import io.flowstate.core.filter.FilterFactory;
import io.flowstate.core.filter.RecoveryFilter;
import io.flowstate.core.filter.RequestIdFilter;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * What the filters cost a request: the default global stack as a config builds it
 * ({@code "filters": [requestId, recovery]}, through {@link FilterFactory} and
 * {@link FilterChain#build}, as {@code Snapshot.compile} does) and each filter alone, each
 * around a terminal handler that returns an already completed response.
 *
 * <p>Why: every request passes the stack, so its cost is paid at every request rate;
 * subtracting {@link #terminalOnly} isolates what the filters add (the one-shot guard
 * {@code FilterChain} puts on each {@code next}, the request id's field writes, the
 * {@code thenApply}/{@code handle} stages). Each operation makes a new {@link Exchange} and
 * the terminal a new response, as an ingress and an upstream do, so allocation figures
 * include them in every variant alike. The gateway's own outermost recovery layer, routing
 * and the proxy handler are in {@link GatewayBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FilterStackBenchmark {

    private static final String REQUEST_ID = "5f0c6a9e3b1d2e47-1a2b";

    private Request request;
    private Handler terminal;
    private Handler requestIdChain;
    private Handler recoveryChain;
    private Handler fullStack;

    @Setup
    public void setup() {
        request = Fixtures.browserRequest("GET", "/catalog/items?page=3");
        terminal = exchange -> CompletableFuture.completedFuture(Fixtures.upstreamResponse());
        requestIdChain = FilterChain.build(List.of(new RequestIdFilter()), terminal);
        recoveryChain = FilterChain.build(List.of(new RecoveryFilter()), terminal);

        ProxyConfig config = Fixtures.stackConfig();
        List<Filter> global = config.filters().stream().map(FilterFactory::create).toList();
        if (!global.toString().equals("[requestId, recovery]")) {
            throw new IllegalStateException("expected the stack [requestId, recovery], the config built " + global);
        }
        fullStack = FilterChain.build(global, terminal);
    }

    /** The baseline: a new exchange and the terminal's new response, no filter. */
    @Benchmark
    public Response terminalOnly() {
        return run(terminal);
    }

    /** {@link RequestIdFilter} alone; the client sent no id, so the gateway's is kept. */
    @Benchmark
    public Response requestIdOnly() {
        return run(requestIdChain);
    }

    /** {@link RecoveryFilter} alone, on the path where nothing fails. */
    @Benchmark
    public Response recoveryOnly() {
        return run(recoveryChain);
    }

    /** requestId then recovery, built from the config as a snapshot builds it. */
    @Benchmark
    public Response fullStack() {
        return run(fullStack);
    }

    private Response run(Handler handler) {
        // The ingress makes one exchange per request; the gateway has given it an id.
        Exchange exchange = new Exchange(request, Fixtures.CLIENT, "http", 0L);
        exchange.requestId(REQUEST_ID);
        Response response = handler.handle(exchange).toCompletableFuture().getNow(null);
        if (response == null) {
            throw new IllegalStateException("the chain did not complete at once");
        }
        return response;                                     // JMH sinks it into a Blackhole
    }
}
