package io.flowstate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.JsonString;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid configs: what they parse into and which defaults apply. */
class ConfigLoaderTest {
    static final Set<String> ENGINES = Set.of("jdk", "jetty");
    static final Set<String> BALANCERS = Set.of("wrr", "p2c");

    static final String MINIMAL = """
            {
              "listen": "127.0.0.1:8080",
              "pools": {"web": {"backends": [{"url": "http://127.0.0.1:9001"}]}},
              "routes": [{"path": "/", "pool": "web"}]
            }
            """;

    static final String FULL = """
            {
              "listen": "[::1]:0",
              "engine": "jetty",
              "timeouts": { "connect": "250ms", "responseHeader": "5s", "request": "2m", "idle": "1h", "drain": "3s",
                            "drainGrace": "5s" },
              "transport": { "keepAlive": false, "maxIdlePerBackend": 0 },
              "limits": { "maxHeaderBytes": 1024, "maxBodyBytes": -1 },
              "pools": {
                "web": {
                  "balancer": "p2c",
                  "backends": [ { "url": "http://127.0.0.1:9001", "weight": 5 },
                                { "url": "HTTP://Backend-2.internal:9002/" } ]
                },
                "v6": { "backends": [ { "url": "http://[::1]:9003", "weight": 1000 } ] },
                "unused": { "backends": [ { "url": "http://10.0.0.1:80" } ] }
              },
              "routes": [
                { "name": "api", "host": "API.example.com", "path": "/api", "match": "prefix", "stripPrefix": true,
                  "methods": ["POST", "GET", "PURGE"], "pool": "web", "filters": [ { "type": "requestId" } ] },
                { "host": "*.Example.org", "path": "/health", "match": "exact", "pool": "v6", "stripPrefix": false },
                { "path": "/", "pool": "web", "filters": [] }
              ],
              "filters": [ { "type": "recovery" }, { "type": "requestId" } ]
            }
            """;

    static ProxyConfig parse(String json) throws ConfigException {
        return ConfigLoader.parse(json, ENGINES, BALANCERS);
    }

    @Test
    void minimalConfigGetsEveryDefault() throws Exception {
        ProxyConfig c = parse(MINIMAL);
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), c.listen().getAddress());
        assertEquals(8080, c.listen().getPort());
        assertEquals("jdk", c.engine());
        assertEquals(Timeouts.DEFAULTS, c.timeouts());
        assertEquals(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ZERO), c.timeouts());
        assertEquals(new Transport(true, 64, 0), c.transport());
        assertEquals(new Limits(16384, 104857600L), c.limits());
        assertEquals(List.of("web"), List.copyOf(c.pools().keySet()));
        PoolConfig web = c.pools().get("web");
        assertEquals(new PoolConfig("web", "wrr", List.of(new BackendConfig("127.0.0.1", 9001, 1))), web);
        assertEquals(List.of(new RouteConfig("route-0", "*", "/", Match.PREFIX, Set.of(), "web", false, List.of())),
                c.routes());
        assertTrue(c.routes().get(0).anyMethod());
        assertEquals(List.of(), c.filters());
    }

    @Test
    void fullConfigParsesEveryKey() throws Exception {
        ProxyConfig c = parse(FULL);
        assertEquals(InetAddress.getByName("::1"), c.listen().getAddress());
        assertEquals(0, c.listen().getPort());
        assertEquals("jetty", c.engine());
        assertEquals(new Timeouts(Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMinutes(2),
                Duration.ofHours(1), Duration.ofSeconds(3), Duration.ofSeconds(5)), c.timeouts());
        assertEquals(new Transport(false, 0), c.transport());
        assertEquals(new Limits(1024, -1), c.limits());
        assertTrue(c.limits().unlimitedBody());
        assertEquals(List.of("web", "v6", "unused"), List.copyOf(c.pools().keySet()), "written order");

        PoolConfig web = c.pools().get("web");
        assertEquals(BalancerConfig.of("p2c"), web.balancer());
        assertEquals(List.of(new BackendConfig("127.0.0.1", 9001, 5), new BackendConfig("backend-2.internal", 9002, 1)),
                web.backends());
        BackendConfig v6 = c.pools().get("v6").backends().get(0);
        assertEquals(new BackendConfig("::1", 9003, 1000), v6);
        assertEquals("[::1]:9003", v6.key());
        assertEquals("backend-2.internal:9002", web.backends().get(1).key());

        RouteConfig api = c.routes().get(0);
        assertEquals("api", api.name());
        assertEquals("api.example.com", api.host());
        assertEquals("/api", api.path());
        assertEquals(Match.PREFIX, api.match());
        assertEquals(List.of("POST", "GET", "PURGE"), List.copyOf(api.methods()), "written order");
        assertTrue(api.stripPrefix());
        assertEquals("web", api.pool());
        assertEquals(1, api.filters().size());
        assertEquals("requestId", api.filters().get(0).type());
        assertEquals(new JsonString("requestId"), api.filters().get(0).options().get("type"));

        RouteConfig health = c.routes().get(1);
        assertEquals("route-1", health.name());
        assertEquals("*.example.org", health.host());
        assertEquals(Match.EXACT, health.match());
        assertFalse(health.stripPrefix());
        assertEquals("route-2", c.routes().get(2).name());

        assertEquals(List.of("recovery", "requestId"), c.filters().stream().map(FilterConfig::type).toList());
    }

    @Test
    void resultIsImmutable() throws Exception {
        ProxyConfig c = parse(FULL);
        assertThrows(UnsupportedOperationException.class, () -> c.pools().remove("web"));
        assertThrows(UnsupportedOperationException.class, () -> c.routes().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.routes().get(0).methods().add("PUT"));
        assertThrows(UnsupportedOperationException.class, () -> c.pools().get("web").backends().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.filters().clear());
    }

    @Test
    void listenAcceptsHostNamesAndIpv6() throws Exception {
        ProxyConfig c = parse(MINIMAL.replace("127.0.0.1:8080", "localhost:65535"));
        assertFalse(c.listen().isUnresolved());
        assertEquals(65535, c.listen().getPort());
        assertEquals(InetAddress.getByName("::"), parse(MINIMAL.replace("127.0.0.1:8080", "[::]:80")).listen().getAddress());
        assertEquals(InetAddress.getByAddress(new byte[] {0, 0, 0, 0}),
                parse(MINIMAL.replace("127.0.0.1:8080", "0.0.0.0:80")).listen().getAddress());
    }

    @Test
    void loadReadsUtf8Files(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flowstate.json");
        Files.writeString(file, "\uFEFF" + MINIMAL.replace("\"/\"", "\"/caf%C3%A9\""), StandardCharsets.UTF_8);
        ProxyConfig c = ConfigLoader.load(file, ENGINES, BALANCERS);
        assertEquals("/caf%C3%A9", c.routes().get(0).path());
    }

    @Test
    void loadReportsInvalidUtf8WithItsPosition(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        byte[] head = "{\n  \"listen\": \"ab".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        bytes[head.length + 2] = '"';
        Files.write(file, bytes);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, ENGINES, BALANCERS));
        assertEquals("invalid UTF-8 (byte offset 17) at 2:16", e.getMessage());
        assertEquals(new ConfigError("", 2, 16, "invalid UTF-8 (byte offset 17)"), e.errors().get(0));
    }

    @Test
    void loadFailsWithIoExceptionForMissingFiles(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> ConfigLoader.load(dir.resolve("nope.json"), ENGINES, BALANCERS));
    }

    @Test
    void recordsCheckTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new BackendConfig("h", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BackendConfig("h", 1, 1001));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1023, 0));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1024, -2));
        assertThrows(IllegalArgumentException.class, () -> new Transport(true, 100_001));
        assertThrows(IllegalArgumentException.class,
                () -> new Timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig("p", "wrr", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RouteConfig("r", "*", "/", Match.EXACT, Set.of(), "p", true, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ConfigException(List.of()));
    }

    @Test
    void aDrainGraceMayBeZeroButNotMalformed() throws Exception {
        String zero = MINIMAL.replaceFirst("\\{", "{ \"timeouts\": { \"drainGrace\": \"0s\" },");
        assertEquals(Duration.ZERO, parse(zero).timeouts().drainGrace());
        String bad = MINIMAL.replaceFirst("\\{", "{ \"timeouts\": { \"drainGrace\": \"-5s\" },");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(bad));
        assertEquals("timeouts.drainGrace", e.errors().get(0).path());
        assertThrows(IllegalArgumentException.class, () -> new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    }

    @Test
    void configErrorFormats() {
        assertEquals("routes[2].pool: unknown pool \"wbe\" at 14:17",
                new ConfigError("routes[2].pool", 14, 17, "unknown pool \"wbe\"").toString());
        assertEquals("expected ':' at 1:2", new ConfigError("", 1, 2, "expected ':'").toString());
        ConfigException e = new ConfigException(List.of(new ConfigError("a", 1, 1, "x"), new ConfigError("b", 2, 1, "y")));
        assertEquals("a: x at 1:1\nb: y at 2:1", e.getMessage());
    }
}
