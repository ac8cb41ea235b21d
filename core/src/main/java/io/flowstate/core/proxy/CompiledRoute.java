package io.flowstate.core.proxy;

import io.flowstate.core.spi.Handler;
import io.flowstate.core.telemetry.RouteMetrics;

/**
 * One route of a snapshot: its whole chain (filters, then the proxy handler) and its metrics.
 */
public record CompiledRoute(Handler handler, RouteMetrics metrics) {
}
