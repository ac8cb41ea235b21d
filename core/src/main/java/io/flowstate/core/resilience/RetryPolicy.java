package io.flowstate.core.resilience;

import io.flowstate.core.config.RetryConfig;
import io.flowstate.core.health.Outcome;
import java.util.Objects;
import java.util.Set;

/**
 * Which failed tries are tried again: a pool's {@link RetryConfig} read as decisions. The
 * budget and the backoff are separate ({@link RetryBudget}, {@link Backoff}); this class
 * only answers "may this request be retried at all" and "does this outcome call for it".
 */
public final class RetryPolicy {
    /** RFC 9110 9.2.2: the methods whose intended effect is the same when repeated. */
    public static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final RetryConfig config;
    private final Backoff backoff;

    public RetryPolicy(RetryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.backoff = new Backoff(config.backoffBase().toNanos(), config.backoffMax().toNanos());
    }

    public RetryConfig config() {
        return config;
    }

    public Backoff backoff() {
        return backoff;
    }

    /**
     * Whether a request may be retried at all: retries are on, the method is idempotent
     * (or the route opted in), and its body can be replayed.
     *
     * @param bodyLength the request body's length, -1 when unknown (never replayable)
     */
    public boolean mayRetry(String method, boolean routeRetriesAnyMethod, long bodyLength) {
        return config.attempts() > 1
                && (routeRetriesAnyMethod || IDEMPOTENT.contains(method))
                && bodyLength >= 0 && bodyLength <= config.bufferBytes();
    }

    /**
     * Whether a try that ended with {@code outcome} (and {@code status}, for answers) calls
     * for another one.
     */
    public boolean retriesOn(Outcome outcome, int status) {
        return switch (outcome) {
            case CONNECT_FAILURE -> config.onConnectFailure();
            case RESET -> config.onReset();
            case TIMEOUT -> config.onTimeout();
            case SERVER_ERROR, GATEWAY_ERROR -> config.statuses().contains(status);
            case SUCCESS, CANCELLED, NOT_SENT -> false;
        };
    }

    /** Tries in all, the first included. */
    public int attempts() {
        return config.attempts();
    }
}
