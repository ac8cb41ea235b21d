package io.flowstate.engine.nio;

import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.spi.Upstream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The NIO engine's client side. A try runs on the loop it was sent from (the loop that
 * serves its client), over that loop's pooled connections to the endpoint
 * ({@link BackendPool}); a try sent from another thread is posted to one of the loops.
 * Connections open without blocking under {@code timeouts.connect}; the response head is
 * parsed with the core's {@code Http1ResponseRules}; the body streams to whoever takes it
 * ({@link BackendConnection}).
 */
final class NioUpstream implements Upstream {
    private final Loops loops;

    NioUpstream(Loops loops) {
        this.loops = loops;
    }

    Loops loops() {
        return loops;
    }

    @Override
    public CompletionStage<Response> send(Endpoint endpoint, Request outbound, Exchange exchange,
                                          long responseHeaderTimeoutNanos) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Loop loop = loops.current();
        if (loop != null) {
            BackendConnection.send(loop, endpoint, outbound, exchange, responseHeaderTimeoutNanos, result);
        } else {
            Loop any = loops.any();
            any.execute(() -> BackendConnection.send(any, endpoint, outbound, exchange, responseHeaderTimeoutNanos,
                    result));
        }
        return result;
    }

    @Override
    public boolean reportsConnections() {
        return true;
    }

    @Override
    public int idleConnections(Endpoint endpoint) {
        return BackendPool.idle(loops.idleCounts(), endpoint.key());
    }

    @Override
    public void close() {
        loops.stop();
    }
}
