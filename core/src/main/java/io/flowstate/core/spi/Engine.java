package io.flowstate.core.spi;

import java.io.IOException;

/**
 * One I/O engine: an ingress (server side) and an upstream transport (client side).
 *
 * <p>Engines are found by {@link #name()} through {@link java.util.ServiceLoader}
 * ({@link Engines#byName}); an implementation has a public no-argument constructor and
 * keeps no state of its own: all state lives in what it starts. The engine conformance
 * suite in {@code tck/} is the executable form of this contract: an engine is done when
 * it passes that suite unchanged.
 */
public interface Engine {

    /** The name users select it by in config ({@code "engine"}) and on the command line. */
    String name();

    /** Binds and starts serving; returns when the listener is bound. */
    Ingress startIngress(IngressSettings settings, Handler gateway) throws IOException;

    /** A new upstream transport; the caller closes it. */
    Upstream newUpstream(UpstreamSettings settings);
}
