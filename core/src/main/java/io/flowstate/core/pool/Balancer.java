package io.flowstate.core.pool;

/**
 * Chooses among the endpoints a pool offers now.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #pick} is called by {@link Pool#pick(int)} once per try, from many threads
 *       at once. It takes no lock, does not block and does no I/O: its shared state is
 *       atomics, or immutable values swapped in whole.</li>
 *   <li>It returns one of {@code context.candidates()} (the same instance), or null only
 *       when that list is empty. It never returns an endpoint outside the list: health,
 *       ejection and breaker state are the pool's business and arrive already applied.</li>
 *   <li>It does not change an endpoint's load: the proxy path calls
 *       {@link Endpoint#acquire()}, {@link Endpoint#release()} and
 *       {@link Endpoint#observeLatency} for the try that follows.</li>
 *   <li>Load that must outlive a config reload (outstanding requests, latency) lives in
 *       {@link Endpoint}; a balancer is made per pool per config snapshot and keeps at
 *       most cursors and caches. The candidate list may change between any two picks
 *       (an endpoint appears or leaves); a balancer then adapts without resetting the
 *       endpoints' load and without failing.</li>
 * </ul>
 */
public interface Balancer {

    /**
     * Picks the endpoint for one try.
     *
     * @return one of {@code context.candidates()}, or null when that list is empty
     */
    Endpoint pick(PickContext context);
}
