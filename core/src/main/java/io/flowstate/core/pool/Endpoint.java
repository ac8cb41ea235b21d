package io.flowstate.core.pool;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend of a pool: where it is, its weight, and the live load the proxy path
 * feeds to balancers. An endpoint outlives config reloads while its address stays.
 */
public final class Endpoint {
    private final String host;
    private final int port;
    private final int weight;
    private final String key;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile InetSocketAddress resolved;

    public Endpoint(String host, int port, int weight) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight " + weight + " must be at least 1");
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.weight = weight;
        this.key = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int weight() {
        return weight;
    }

    /** {@code host:port}, the identity used in logs, metrics and {@code X-Backend}-style labels. */
    public String key() {
        return key;
    }

    /** The socket address, resolved on first use. */
    public InetSocketAddress address() {
        InetSocketAddress a = resolved;
        if (a == null) {
            a = new InetSocketAddress(host, port);
            resolved = a;
        }
        return a;
    }

    /** Requests sent to this endpoint whose outcome is not known yet. */
    public int outstanding() {
        return outstanding.get();
    }

    /** Called by the proxy path when a try starts; pair with {@link #release()}. */
    public void acquire() {
        outstanding.incrementAndGet();
    }

    /** Called by the proxy path exactly once per {@link #acquire()}, however the try ended. */
    public void release() {
        outstanding.decrementAndGet();
    }

    @Override
    public String toString() {
        return key + (weight == 1 ? "" : " w=" + weight);
    }
}
