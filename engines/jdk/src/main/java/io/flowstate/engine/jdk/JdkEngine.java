package io.flowstate.engine.jdk;

import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamSettings;
import java.io.IOException;

/**
 * The engine made of the JDK's own HTTP server and client: {@link JdkIngress} on
 * {@code com.sun.net.httpserver.HttpServer} with virtual threads, {@link JdkUpstream} on
 * {@code java.net.http.HttpClient} pinned to HTTP/1.1. Selected with {@code "engine": "jdk"}.
 *
 * <p>Both JDK classes read tuning from system properties once, when first used. This
 * class sets the ones the engine relies on, unless the user set them already; the
 * {@code bin/flowstate} launcher passes them on the command line as well, so they hold
 * even when something else touched those classes first.
 */
public final class JdkEngine implements Engine {

    /** System properties the engine relies on, with the values it wants. */
    static final String[][] PROPERTIES = {
            // java.net.http refuses to set Host and Connection unless allowed (jdk.internal.net.http.common.Utils).
            {"jdk.httpclient.allowRestrictedHeaders", "host,connection"},
            // HttpServer leaves Nagle on by default: 40 ms stalls on small responses.
            {"sun.net.httpserver.nodelay", "true"},
            // HttpServer closes idle connections beyond 200 at once; the guard owns idle policy.
            {"sun.net.httpserver.maxIdleConnections", "1000000"},
            {"sun.net.httpserver.idleInterval", "86400"},
            // java.net.http resends a GET or HEAD once by itself when its connection closed
            // before the response head (MultiExchange, ConnectionExpiredException), and retries
            // a refused connect once: both below the pool's retry policy, so retry.attempts and
            // retry.on would not hold. One attempt each; the core decides what is retried, where.
            {"jdk.httpclient.redirects.retrylimit", "1"},
            {"jdk.httpclient.disableRetryConnect", "true"},
    };

    static {
        for (String[] p : PROPERTIES) {
            if (System.getProperty(p[0]) == null) {
                System.setProperty(p[0], p[1]);
            }
        }
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public Ingress startIngress(IngressSettings settings, Handler gateway) throws IOException {
        return JdkIngress.start(settings, gateway);
    }

    @Override
    public Upstream newUpstream(UpstreamSettings settings) {
        return new JdkUpstream(settings);
    }
}
