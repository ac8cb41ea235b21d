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

    /**
     * Binds and starts serving; returns when the listener is bound.
     *
     * @throws IOException a {@link ListenException} when the address cannot be bound
     */
    Ingress startIngress(IngressSettings settings, Handler gateway) throws IOException;

    /**
     * Binds and starts serving, beside {@code upstream}, the transport this engine made for
     * the same server ({@link #newUpstream}): an event-loop engine serves a request and its
     * tries to backends on the same loop, so its ingress must reach its upstream's loops.
     * The server always calls this one, once per listener (a reload that moves the listener
     * calls it again with the same upstream). The default ignores {@code upstream}.
     */
    default Ingress startIngress(IngressSettings settings, Handler gateway, Upstream upstream) throws IOException {
        return startIngress(settings, gateway);
    }

    /** A new upstream transport; the caller closes it, after every ingress started beside it. */
    Upstream newUpstream(UpstreamSettings settings);
}
