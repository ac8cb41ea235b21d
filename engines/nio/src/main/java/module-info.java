/**
 * The NIO engine: HTTP/1.1 written by hand on {@code java.nio} selectors, the JDK alone.
 * Ingress and upstream share event loops, so a request and its tries to backends stay on
 * one thread (docs/engines.md).
 */
module io.flowstate.engine.nio {
    requires io.flowstate.core;
    provides io.flowstate.core.spi.Engine with io.flowstate.engine.nio.NioEngine;
}
