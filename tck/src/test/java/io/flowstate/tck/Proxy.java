package io.flowstate.tck;

import io.flowstate.core.config.ConfigException;
import io.flowstate.core.config.ConfigLoader;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.pool.Balancers;
import io.flowstate.core.server.FlowStateServer;
import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Engines;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A proxy under test: a config written as the user would write it (JSON), loaded through
 * the real config loader, served by one engine on a free loopback port.
 */
final class Proxy implements AutoCloseable {
    private final FlowStateServer server;

    private Proxy(FlowStateServer server) {
        this.server = server;
    }

    InetSocketAddress address() {
        return server.address();
    }

    FlowStateServer server() {
        return server;
    }

    Client client() throws IOException {
        return new Client(address());
    }

    /**
     * Returns once every health transition in progress has taken effect for the requests that
     * follow. A health listener hears of a transition under its pool's health lock, but
     * PoolHealth tells the listener before it publishes the new candidate list (see
     * HealthCheckTest#endpointAnnouncedUnhealthyTakesNoMoreRequests); taking that lock once, as
     * the health checker's tick does, waits for the transition to be published. A test that
     * waited for an event from the health checker's threads (probes, timers) calls this before
     * it asserts where requests go.
     */
    void awaitHealthPublished() {
        for (io.flowstate.core.pool.Pool pool : server.gateway().snapshot().pools().values()) {
            pool.health().tick(pool.ticker().nanoTime());
        }
    }

    @Override
    public void close() {
        server.close();
    }

    static Builder on(Engine engine) {
        return new Builder(engine);
    }

    /** Builds the config text; every part has a default fit for most tests. */
    static final class Builder {
        private final Engine engine;
        private final Map<String, String> timeouts = new LinkedHashMap<>();
        private final Map<String, String> limits = new LinkedHashMap<>();
        private String pools;
        private String routes = """
                [ { "name": "all", "path": "/", "match": "prefix", "pool": "main" } ]""";
        private String filters = """
                [ { "type": "requestId" } ]""";
        private io.flowstate.core.health.HealthListener events = io.flowstate.core.health.HealthListener.none();
        private String admin;
        private String listen = "127.0.0.1:0";
        private io.flowstate.core.time.Scheduler drainTimer;

        private Builder(Engine engine) {
            this.engine = engine;
            timeouts.put("connect", "2s");
            timeouts.put("responseHeader", "10s");
            timeouts.put("request", "30s");
            timeouts.put("idle", "30s");
            timeouts.put("drain", "10s");
        }

        /** One pool, {@code main}, over these backend URLs. */
        Builder backends(String... urls) {
            pools = "{ \"main\": { \"backends\": ["
                    + java.util.Arrays.stream(urls).map(u -> "{ \"url\": \"" + u + "\" }").collect(Collectors.joining(", "))
                    + "] } }";
            return this;
        }

        Builder backends(Backend... backends) {
            return backends(java.util.Arrays.stream(backends).map(Backend::url).toArray(String[]::new));
        }

        Builder pools(String json) {
            pools = json;
            return this;
        }

        Builder routes(String json) {
            routes = json;
            return this;
        }

        Builder filters(String json) {
            filters = json;
            return this;
        }

        /** Every health transition of the proxy also goes to {@code listener} (tests wait on them). */
        Builder healthEvents(io.flowstate.core.health.HealthListener listener) {
            events = listener;
            return this;
        }

        /** An admin listener on a free loopback port, with this bearer token (null: none). */
        Builder admin(String token) {
            admin = token == null ? "\"127.0.0.1:0\""
                    : "{ \"listen\": \"127.0.0.1:0\", \"token\": \"" + token + "\" }";
            return this;
        }

        Builder timeout(String name, String duration) {
            timeouts.put(name, duration);
            return this;
        }

        Builder limit(String name, long value) {
            limits.put(name, Long.toString(value));
            return this;
        }

        String json() {
            return "{\n  \"listen\": \"" + listen + "\",\n  \"engine\": \"" + engine.name() + "\",\n"
                    + (admin == null ? "" : "  \"admin\": " + admin + ",\n")
                    + "  \"timeouts\": {" + timeouts.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"").collect(Collectors.joining(", ")) + "},\n"
                    + (limits.isEmpty() ? "" : "  \"limits\": {" + limits.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(Collectors.joining(", ")) + "},\n")
                    + "  \"pools\": " + pools + ",\n"
                    + "  \"routes\": " + routes + ",\n"
                    + "  \"filters\": " + filters + "\n}\n";
        }

        /** Times the drain grace ({@code timeouts.drainGrace}) with {@code timer}, which the test fires by hand. */
        Builder drainTimer(io.flowstate.core.time.Scheduler timer) {
            drainTimer = timer;
            return this;
        }

        /** Where the proxy listens; a free loopback port unless a test moves it. */
        Builder listen(String hostPort) {
            listen = hostPort;
            return this;
        }

        /** The config this builder describes now, as the loader reads it. */
        ProxyConfig config() throws ConfigException {
            return ConfigLoader.parse(json(), new HashSet<>(Engines.names()), Set.copyOf(Balancers.names()));
        }

        /**
         * Starts the proxy. Its reload source is this builder: a test changes the builder and
         * calls {@code server().reload()} to apply what it describes then.
         */
        Proxy start() throws IOException {
            ProxyConfig config;
            try {
                config = config();
            } catch (ConfigException e) {
                throw new IllegalArgumentException("test config invalid: " + e.getMessage() + "\n" + json(), e);
            }
            return new Proxy(FlowStateServer.start(config, engine,
                    new FlowStateServer.Options(events, this::config, "test", drainTimer)));
        }
    }
}
