package io.flowstate.core.server;

import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.filter.RequestIds;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.probe.HealthChecker;
import io.flowstate.core.probe.HttpProbe;
import io.flowstate.core.proxy.Gateway;
import io.flowstate.core.proxy.Snapshot;
import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Ingress;
import io.flowstate.core.spi.IngressSettings;
import io.flowstate.core.spi.Upstream;
import io.flowstate.core.spi.UpstreamSettings;
import io.flowstate.core.time.Deadlines;
import io.flowstate.core.time.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A running proxy: one engine's ingress and upstream around the gateway of one config.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #shutdown()} drains (stop
 * accepting, let in-flight requests finish within {@code timeouts.drain}, close);
 * {@link #close()} stops at once. Both are idempotent.
 */
public final class FlowStateServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FlowStateServer.class.getName());

    private final ProxyConfig config;
    private final Upstream upstream;
    private final Deadlines deadlines;
    private final HealthChecker health;
    private final Gateway gateway;
    private final Ingress ingress;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicBoolean accepting = new java.util.concurrent.atomic.AtomicBoolean(true);

    private FlowStateServer(ProxyConfig config, Engine engine, HealthListener events) throws IOException {
        this.config = config;
        Ticker ticker = Ticker.system();
        var t = config.timeouts();
        this.upstream = engine.newUpstream(new UpstreamSettings(t.connect(), t.idle(),
                config.transport().keepAlive(), config.transport().maxIdlePerBackend()));
        this.deadlines = new Deadlines();
        this.health = new HealthChecker(new HttpProbe(), ticker);
        Snapshot snapshot = null;
        try {
            snapshot = Snapshot.compile(config, new Snapshot.Services(upstream, ticker, deadlines,
                    HealthListener.log().andThen(events), ThreadLocalRandom::current));
            this.gateway = new Gateway(snapshot, new RequestIds(RandomGenerator.getDefault()), ticker, deadlines);
            health.watch(List.copyOf(snapshot.pools().values()));
            health.start();
            this.ingress = engine.startIngress(new IngressSettings(config.listen(), t.idle(),
                    config.limits().maxHeaderBytes(), config.limits().maxBodyBytes()), gateway);
        } catch (IOException | RuntimeException e) {
            if (snapshot != null) {
                snapshot.close();
            }
            health.close();
            upstream.close();
            deadlines.close();
            throw e;
        }
    }

    /** Starts serving {@code config} on {@code engine}; returns once the listener is bound. */
    public static FlowStateServer start(ProxyConfig config, Engine engine) throws IOException {
        return new FlowStateServer(config, engine, HealthListener.none());
    }

    /**
     * Like {@link #start(ProxyConfig, Engine)}, and every health transition also goes to
     * {@code events} (besides the log), on the thread that caused it (see {@link HealthListener}).
     */
    public static FlowStateServer start(ProxyConfig config, Engine engine, HealthListener events) throws IOException {
        return new FlowStateServer(config, engine, events);
    }

    public InetSocketAddress address() {
        return ingress.address();
    }

    public Gateway gateway() {
        return gateway;
    }

    /**
     * The first half of a graceful stop: the listener closes (new connections are
     * refused), idle keep-alive connections close, and responses still to come carry
     * {@code Connection: close}. Returns once that is done; requests in flight go on.
     * Idempotent; {@link #shutdown()} calls it.
     */
    public void stopAccepting() {
        if (!accepting.compareAndSet(true, false)) {
            return;
        }
        ingress.stopAccepting();
    }

    /**
     * Graceful stop: {@link #stopAccepting()}, let in-flight requests finish within
     * {@code timeouts.drain}, then close everything. Returns how many requests were cut.
     */
    public int shutdown() throws InterruptedException {
        if (stopped) {
            return 0;
        }
        stopAccepting();
        int cut = ingress.drain(config.timeouts().drain());
        if (cut > 0) {
            LOG.log(System.Logger.Level.WARNING, cut + " request(s) still in flight after the drain timeout "
                    + config.timeouts().drain() + "; closing them");
        }
        close();
        return cut;
    }

    @Override
    public void close() {
        stopped = true;
        health.close();
        ingress.close();
        upstream.close();
        deadlines.close();
        gateway.snapshot().close();                          // writes the access log lines still queued
    }
}
