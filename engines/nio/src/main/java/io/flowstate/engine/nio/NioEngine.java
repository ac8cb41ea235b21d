package io.flowstate.engine.nio;

import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamSettings;
import java.io.IOException;

/**
 * The NIO engine ({@code "engine": "nio"}): HTTP/1.1 written by hand on {@code java.nio}
 * selectors. {@link #newUpstream} starts the event loops ({@code transport.eventLoops}, by
 * default one per CPU); every listener started beside that upstream
 * ({@link #startIngress(IngressSettings, Handler, Upstream)}) accepts on the same loops, so
 * a request, its tries and their bodies stay on the loop that accepted the connection.
 */
public final class NioEngine implements Engine {

    @Override
    public String name() {
        return "nio";
    }

    /**
     * A listener on loops of its own: only for callers that start an ingress without the
     * server's upstream; its tries then hop to the upstream's loops.
     */
    @Override
    public Ingress startIngress(IngressSettings settings, Handler gateway) throws IOException {
        Loops own = Loops.start(new UpstreamSettings(java.time.Duration.ofSeconds(1), settings.idleTimeout(), true, 0, 1));
        return NioIngress.start(settings, gateway, own, true);
    }

    @Override
    public Ingress startIngress(IngressSettings settings, Handler gateway, Upstream upstream) throws IOException {
        if (upstream instanceof NioUpstream nio) {
            return NioIngress.start(settings, gateway, nio.loops(), false);
        }
        return startIngress(settings, gateway);
    }

    @Override
    public Upstream newUpstream(UpstreamSettings settings) {
        return new NioUpstream(Loops.start(settings));
    }
}
