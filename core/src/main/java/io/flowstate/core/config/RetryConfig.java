package io.flowstate.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When a failed try is tried again, on another endpoint where one exists. JSON: a pool's
 * {@code "retry"}; the default ({@link #DEFAULT}) retries an idempotent request once, like
 * nginx's {@code proxy_next_upstream error timeout}, plus 502, 503 and 504 answers.
 *
 * <p>Never retried: a non-idempotent request unless its route says
 * {@code "retryNonIdempotent": true}; a request whose body was not buffered (longer than
 * {@code bufferBytes} or of unknown length); anything once the response has started
 * towards the client; a try the request deadline cut short.
 *
 * @param attempts       tries in all, the first included: 1 turns retries off; default {@value #DEFAULT_ATTEMPTS}
 * @param onConnectFailure retry when the connection was refused or timed out ({@code "connect-failure"})
 * @param onReset        retry when the connection broke before a response head ({@code "reset"})
 * @param onTimeout      retry when the response head did not come within the per-try timeout ({@code "timeout"})
 *                       (JSON {@code "on"}: a list of those names; default all three)
 * @param statuses       response statuses that are retried; default 502, 503, 504
 * @param perTryTimeout  the response-header timeout of each try, under the request deadline;
 *                       null means {@code timeouts.responseHeader}
 * @param backoffBase    the first retry waits a random time up to this, each further one up
 *                       to twice the last (full jitter); default {@link #DEFAULT_BACKOFF_BASE} (25 ms)
 * @param backoffMax     the cap of that bound; default {@link #DEFAULT_BACKOFF_MAX} (250 ms)
 * @param budgetPercent  retries in flight may be at most this share of the pool's requests in
 *                       flight ({@code "budget": {"percent": ...}}); default {@value #DEFAULT_BUDGET_PERCENT}
 * @param minRetryConcurrency retries in flight always allowed whatever the share
 *                       ({@code "budget": {"minConcurrency": ...}}); default {@value #DEFAULT_MIN_RETRY_CONCURRENCY}
 * @param bufferBytes    a request body up to this size (with a known length) is buffered so a
 *                       retry can replay it; default {@value #DEFAULT_BUFFER_BYTES} (64 KiB)
 */
public record RetryConfig(int attempts, boolean onConnectFailure, boolean onReset, boolean onTimeout,
                          Set<Integer> statuses, Duration perTryTimeout, Duration backoffBase, Duration backoffMax,
                          int budgetPercent, int minRetryConcurrency, long bufferBytes) {

    public static final int DEFAULT_ATTEMPTS = 2;
    public static final int MAX_ATTEMPTS = 10;
    public static final Set<Integer> DEFAULT_STATUSES = Set.of(502, 503, 504);
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(25);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMillis(250);
    public static final int DEFAULT_BUDGET_PERCENT = 20;
    public static final int DEFAULT_MIN_RETRY_CONCURRENCY = 3;
    public static final long DEFAULT_BUFFER_BYTES = 64 * 1024;
    public static final RetryConfig DEFAULT = new RetryConfig(DEFAULT_ATTEMPTS, true, true, true, DEFAULT_STATUSES,
            null, DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX, DEFAULT_BUDGET_PERCENT, DEFAULT_MIN_RETRY_CONCURRENCY,
            DEFAULT_BUFFER_BYTES);

    public RetryConfig {
        statuses = Set.copyOf(statuses);
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("attempts " + attempts + " is outside 1.." + MAX_ATTEMPTS);
        }
        if (budgetPercent < 0 || budgetPercent > 100 || minRetryConcurrency < 0 || bufferBytes < 0) {
            throw new IllegalArgumentException("budget and buffer must not be negative");
        }
    }

    /** The default with {@code attempts} tries. */
    public RetryConfig withAttempts(int n) {
        return new RetryConfig(n, onConnectFailure, onReset, onTimeout, statuses, perTryTimeout, backoffBase,
                backoffMax, budgetPercent, minRetryConcurrency, bufferBytes);
    }
}
