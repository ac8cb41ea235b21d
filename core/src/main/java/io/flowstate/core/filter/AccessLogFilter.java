package io.flowstate.core.filter;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.time.Ticker;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Logs every request that passes through it as one JSON line ({@link AccessLogEntry}),
 * written off the request path by its {@link AccessLogSink}.
 *
 * <p>On the way in it only registers a finish hook; when the exchange finishes (the response
 * written to its last byte, writing it failed, or the client left: status 499) the hook reads
 * what the exchange recorded, the wall clock and the ticker, and offers the entry to the sink,
 * which never waits: when the sink's queue is full the line is dropped and counted. The
 * request is not delayed, whatever happens to the log.
 *
 * <p>A request answered by a filter before this one (a 429 from a {@code rateLimit} listed
 * first) is not logged by it; list {@code accessLog} first to log every request.
 */
public final class AccessLogFilter implements Filter {
    private final AccessLogSink sink;
    private final Clock clock;
    private final Ticker ticker;

    /**
     * @param sink   where entries go, shared with other filters naming the same target
     * @param clock  the wall clock of the {@code time} field, read at finish
     * @param ticker the exchange's ticker: {@code durationMs} is its time at finish minus
     *               {@link Exchange#startNanos()}
     */
    public AccessLogFilter(AccessLogSink sink, Clock clock, Ticker ticker) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public CompletionStage<Response> filter(Exchange exchange, Handler next) {
        exchange.onFinish(status -> sink.offer(AccessLogEntry.of(exchange, status, clock.millis(), ticker.nanoTime())));
        return next.handle(exchange);
    }

    public AccessLogSink sink() {
        return sink;
    }

    @Override
    public String toString() {
        return "accessLog(" + sink.name() + ")";
    }
}
