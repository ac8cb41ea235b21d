package io.flowstate.core.probe;

import io.flowstate.core.config.ActiveCheckConfig;
import io.flowstate.core.pool.Endpoint;
import java.util.concurrent.CompletionStage;

/**
 * One active health check of one endpoint. {@link HttpProbe} is the real one; tests pass
 * scripted ones.
 *
 * <p>Contract: called by the {@link HealthChecker} thread, never on a request thread, and
 * never twice at once for one endpoint; it must not block that thread, must finish within
 * {@code config.timeout()}, and completes normally, a failure being a result too.
 */
@FunctionalInterface
public interface Probe {

    CompletionStage<Result> check(Endpoint endpoint, ActiveCheckConfig config);

    /**
     * @param passed whether the endpoint passes
     * @param detail what the probe saw, for logs: {@code "status 200"}, {@code "connect refused"}
     */
    record Result(boolean passed, String detail) {
    }
}
