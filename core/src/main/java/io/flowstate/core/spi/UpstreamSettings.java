package io.flowstate.core.spi;

import java.time.Duration;

/**
 * What an upstream transport needs to reach backends.
 *
 * @param connectTimeout      time allowed to open a TCP connection to a backend
 * @param idleTimeout         how long a pooled idle connection is kept
 * @param keepAlive           whether connections to backends are reused
 * @param maxIdlePerBackend   how many idle connections are pooled per backend (per event loop
 *                            for an engine that pools per loop)
 * @param eventLoops          how many event loops an engine that has them runs; 0: one per CPU
 *                            the process may use
 */
public record UpstreamSettings(Duration connectTimeout, Duration idleTimeout, boolean keepAlive, int maxIdlePerBackend,
                               int eventLoops) {

    /** Settings with one event loop per CPU. */
    public UpstreamSettings(Duration connectTimeout, Duration idleTimeout, boolean keepAlive, int maxIdlePerBackend) {
        this(connectTimeout, idleTimeout, keepAlive, maxIdlePerBackend, 0);
    }

    /** The event loops to run: {@link #eventLoops()}, or the CPUs the process may use when that is 0. */
    public int loops() {
        return eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
