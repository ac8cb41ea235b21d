package io.flowstate.jmh;

import io.flowstate.core.filter.RequestIdFilter;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.proxy.ForwardedHeaders;
import io.flowstate.core.proxy.HopByHop;
import java.net.InetAddress;
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
 * The header rewrite of the proxy path, on a realistic 12-field browser request that came
 * through a CDN ({@link Fixtures#browserFields()}: an {@code X-Forwarded-For} chain,
 * {@code Connection: keep-alive, TE}, {@code TE: trailers}): {@link HopByHop#stripRequest},
 * {@link ForwardedHeaders#apply}, both in the proxy handler's order with the request id
 * set after them ({@link #outboundRequest}), and {@link HopByHop#stripResponse} on a
 * backend's six-field response.
 *
 * <p>Why: the proxy handler does this to every request and every response, and
 * {@link HeaderFields} is a list compared case-insensitively, so each {@code remove} or
 * {@code set} is a pass over all fields; this shows what those passes cost together. Each
 * operation works on a fresh copy of the received fields, as the proxy handler does;
 * {@link #copyOnly} is that copy alone, the baseline to subtract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HeaderRewriteBenchmark {

    private HeaderFields received;
    private HeaderFields upstreamResponse;
    private InetAddress client;
    private String host;
    private String requestId;

    @Setup
    public void setup() {
        received = Fixtures.browserFields();
        if (received.size() != 12) {
            throw new IllegalStateException("expected 12 fields, have " + received.size());
        }
        upstreamResponse = Fixtures.upstreamResponse().headers();
        client = Fixtures.CLIENT.getAddress();
        host = received.first("Host");
        requestId = "5f0c6a9e3b1d2e47-1a2b";
    }

    /** The baseline: the copy every variant starts from. */
    @Benchmark
    public HeaderFields copyOnly() {
        return received.copy();
    }

    /** Hop-by-hop fields removed: those Connection names, the fixed list, TE: trailers kept. */
    @Benchmark
    public HeaderFields stripRequest() {
        HeaderFields h = received.copy();
        HopByHop.stripRequest(h);
        return h;
    }

    /** X-Forwarded-For appended to the chain, -Proto and -Host set. */
    @Benchmark
    public HeaderFields forwarded() {
        HeaderFields h = received.copy();
        ForwardedHeaders.apply(h, client, "http", host);
        return h;
    }

    /** Everything the proxy handler does to the outbound fields, in its order. */
    @Benchmark
    public HeaderFields outboundRequest() {
        HeaderFields h = received.copy();
        HopByHop.stripRequest(h);
        h.remove("Expect");
        ForwardedHeaders.apply(h, client, "http", host);
        h.set(RequestIdFilter.HEADER, requestId);
        return h;
    }

    /** Hop-by-hop fields removed from a backend's response. */
    @Benchmark
    public HeaderFields stripResponse() {
        HeaderFields h = upstreamResponse.copy();
        HopByHop.stripResponse(h);
        return h;
    }
}
