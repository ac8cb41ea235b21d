package io.flowstate.core.proxy;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.BalancerFactory;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.time.Ticker;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link Snapshot#compile} for core's tests, which cannot see the balancers module: a
 * stand-in "wrr" (the first candidate) is offered to {@code ServiceLoader} through the
 * context class loader for the length of the call.
 */
public final class TestSnapshots {
    private TestSnapshots() {
    }

    /** Picks the first candidate; with one backend per pool any strategy picks the same one. */
    public static final class FirstBalancerFactory implements BalancerFactory {
        @Override
        public String name() {
            return "wrr";
        }

        @Override
        public Balancer create(BalancerConfig config) {
            return context -> context.candidates().isEmpty() ? null : context.candidates().get(0);
        }
    }

    /** @param scratch an empty directory the service file is written to */
    public static Snapshot compile(ProxyConfig config, Upstream upstream, Ticker ticker, Path scratch) throws Exception {
        Path file = scratch.resolve("META-INF/services/" + BalancerFactory.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, FirstBalancerFactory.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {scratch.toUri().toURL()}, saved)) {
            thread.setContextClassLoader(loader);
            return Snapshot.compile(config, upstream, ticker);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
