package io.flowstate.core.spi;

import java.time.Duration;

/**
 * What an upstream transport needs to reach backends.
 *
 * @param connectTimeout      time allowed to open a TCP connection to a backend
 * @param idleTimeout         how long a pooled idle connection is kept
 * @param keepAlive           whether connections to backends are reused
 * @param maxIdlePerBackend   how many idle connections are pooled per backend
 */
public record UpstreamSettings(Duration connectTimeout, Duration idleTimeout, boolean keepAlive, int maxIdlePerBackend) {
}
