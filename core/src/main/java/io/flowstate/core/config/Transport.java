package io.flowstate.core.config;

/**
 * How the proxy talks to backends. JSON: {@code "transport"}.
 *
 * @param keepAlive         whether backend connections are reused; default true
 * @param maxIdlePerBackend idle connections kept per backend, 0 to {@value #MAX_IDLE_PER_BACKEND}; default 64
 *                          (an engine that pools per event loop keeps this many per loop)
 * @param eventLoops        the event loops (selector threads) of engines that have them, 0 to
 *                          {@value #MAX_EVENT_LOOPS}; 0, the default, means one per CPU the process
 *                          may use ({@link Runtime#availableProcessors()})
 */
public record Transport(boolean keepAlive, int maxIdlePerBackend, int eventLoops) {

    public static final int DEFAULT_MAX_IDLE_PER_BACKEND = 64;
    public static final int MAX_IDLE_PER_BACKEND = 100_000;
    /** {@code eventLoops} default: as many as the CPUs the process may use. */
    public static final int EVENT_LOOPS_PER_CPU = 0;
    public static final int MAX_EVENT_LOOPS = 256;
    public static final Transport DEFAULTS = new Transport(true, DEFAULT_MAX_IDLE_PER_BACKEND, EVENT_LOOPS_PER_CPU);

    public Transport {
        if (maxIdlePerBackend < 0 || maxIdlePerBackend > MAX_IDLE_PER_BACKEND) {
            throw new IllegalArgumentException("maxIdlePerBackend " + maxIdlePerBackend + " is outside 0.."
                    + MAX_IDLE_PER_BACKEND);
        }
        if (eventLoops < 0 || eventLoops > MAX_EVENT_LOOPS) {
            throw new IllegalArgumentException("eventLoops " + eventLoops + " is outside 0.." + MAX_EVENT_LOOPS);
        }
    }

    /** With the default event loops. */
    public Transport(boolean keepAlive, int maxIdlePerBackend) {
        this(keepAlive, maxIdlePerBackend, EVENT_LOOPS_PER_CPU);
    }
}
