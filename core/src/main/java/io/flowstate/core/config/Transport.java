package io.flowstate.core.config;

/**
 * How the proxy talks to backends. JSON: {@code "transport"}.
 *
 * @param keepAlive         whether backend connections are reused; default true
 * @param maxIdlePerBackend idle connections kept per backend, 0 to {@value #MAX_IDLE_PER_BACKEND}; default 64
 */
public record Transport(boolean keepAlive, int maxIdlePerBackend) {

    public static final int DEFAULT_MAX_IDLE_PER_BACKEND = 64;
    public static final int MAX_IDLE_PER_BACKEND = 100_000;
    public static final Transport DEFAULTS = new Transport(true, DEFAULT_MAX_IDLE_PER_BACKEND);

    public Transport {
        if (maxIdlePerBackend < 0 || maxIdlePerBackend > MAX_IDLE_PER_BACKEND) {
            throw new IllegalArgumentException("maxIdlePerBackend " + maxIdlePerBackend + " is outside 0.."
                    + MAX_IDLE_PER_BACKEND);
        }
    }
}
