package io.flowstate.engine.jetty;

import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamSettings;
import java.io.IOException;

/**
 * The engine made of Jetty 12: {@link JettyIngress} on a core {@code Server} (no servlet
 * API) and {@link JettyUpstream} on Jetty's {@code HttpClient}, both non-blocking: no
 * thread waits for a backend or a slow client. Selected with {@code "engine": "jetty"}.
 */
public final class JettyEngine implements Engine {

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public Ingress startIngress(IngressSettings settings, Handler gateway) throws IOException {
        return JettyIngress.start(settings, gateway, null);
    }

    /** Beside its upstream, the server shares the client's threads, scheduler and buffers ({@link JettyRuntime}). */
    @Override
    public Ingress startIngress(IngressSettings settings, Handler gateway, Upstream upstream) throws IOException {
        return JettyIngress.start(settings, gateway,
                upstream instanceof JettyUpstream jetty ? jetty.runtime() : null);
    }

    @Override
    public Upstream newUpstream(UpstreamSettings settings) {
        return new JettyUpstream(settings);
    }

    @Override
    public String toString() {
        return name();
    }
}
