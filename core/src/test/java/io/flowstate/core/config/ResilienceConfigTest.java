package io.flowstate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pool's "health", "retry" and "circuitBreaker": defaults, every option, and errors with their place. */
class ResilienceConfigTest {

    private static String json(String pool) {
        return """
                {
                  "listen": "127.0.0.1:8080",
                  "pools": {"web": {"backends": [{"url": "http://127.0.0.1:9001"}], %s}},
                  "routes": [{"path": "/", "pool": "web", "retryNonIdempotent": true}]
                }
                """.formatted(pool);
    }

    private static ProxyConfig parse(String pool) throws ConfigException {
        return ConfigLoader.parse(json(pool), ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS);
    }

    private static List<String> errors(String pool) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(pool));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    /** {@code line:column} of {@code marker} in the whole document, counted without the parser. */
    private static String at(String pool, String marker) {
        String text = json(pool);
        int i = text.indexOf(marker);
        assertTrue(i >= 0, marker);
        int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        return line + ":" + (i - (text.lastIndexOf('\n', i - 1) + 1) + 1);
    }

    @Test
    void aPoolWithoutAnyOfItGetsTheDocumentedDefaults() throws Exception {
        ProxyConfig c = ConfigLoader.parse(ConfigLoaderTest.MINIMAL, ConfigLoaderTest.ENGINES,
                ConfigLoaderTest.BALANCERS);
        PoolConfig web = c.pools().get("web");
        assertEquals(HealthConfig.DEFAULT, web.health());
        assertEquals(RetryConfig.DEFAULT, web.retry());
        assertNull(web.breaker());
        assertNull(web.health().active(), "no active checks unless asked");
        assertEquals(1, web.health().passive().consecutiveFailures(), "nginx's max_fails=1");
        assertEquals(Duration.ofSeconds(10), web.health().ejection().base(), "nginx's fail_timeout=10s");
        assertEquals(2, web.retry().attempts(), "one retry");
        assertEquals(Set.of(502, 503, 504), web.retry().statuses());
        assertFalse(c.routes().get(0).retryNonIdempotent());
    }

    @Test
    void everyOptionIsRead() throws Exception {
        ProxyConfig c = parse("""
                "health": {
                  "active": {"path": "/healthz", "interval": "2s", "timeout": "500ms", "expectedStatus": "200-204",
                             "healthyThreshold": 3, "unhealthyThreshold": 4, "initial": "unhealthy"},
                  "passive": {"consecutiveFailures": 2, "include5xx": true},
                  "outlier": {"consecutive5xx": 7, "consecutiveGatewayFailures": 0, "interval": "30s",
                              "successRate": {"minimumHosts": 3, "requestVolume": 50, "stdevFactor": 2.5},
                              "latency": {"quantile": 0.99, "factor": 4, "minimum": "20ms"}},
                  "ejection": {"base": "5s", "max": "1m", "maxPercent": 30},
                  "panic": {"threshold": 25, "mode": "closed", "cooldown": "10s"}
                },
                "retry": {"attempts": 3, "on": ["reset"], "statuses": [503], "perTryTimeout": "2s",
                          "backoff": {"base": "10ms", "max": "1s"}, "budget": {"percent": 50, "minConcurrency": 1},
                          "bufferBytes": 1024},
                "circuitBreaker": {"window": "30s", "failureRatio": 0.25, "minimumRequests": 10, "openFor": "15s",
                                   "halfOpenRequests": 1, "maxConcurrent": 100}""");
        PoolConfig web = c.pools().get("web");
        assertEquals(new ActiveCheckConfig("/healthz", Duration.ofSeconds(2), Duration.ofMillis(500), 200, 204, 3, 4,
                false), web.health().active());
        assertEquals(new PassiveConfig(2, true), web.health().passive());
        assertEquals(new OutlierConfig(7, 0, Duration.ofSeconds(30), new OutlierConfig.SuccessRate(3, 50, 2.5),
                new OutlierConfig.Latency(0.99, 4, Duration.ofMillis(20), 3, 50)), web.health().outlier());
        assertEquals(new EjectionConfig(Duration.ofSeconds(5), Duration.ofMinutes(1), 30), web.health().ejection());
        assertEquals(new PanicConfig(25, false, Duration.ofSeconds(10)), web.health().panic());
        assertEquals(new RetryConfig(3, false, true, false, Set.of(503), Duration.ofSeconds(2), Duration.ofMillis(10),
                Duration.ofSeconds(1), 50, 1, 1024), web.retry());
        assertEquals(new BreakerConfig(Duration.ofSeconds(30), 0.25, 10, Duration.ofSeconds(15), 1, 100), web.breaker());
        assertTrue(c.routes().get(0).retryNonIdempotent());
    }

    @Test
    void wrongValuesNameTheirPathLineAndColumn() {
        String pool = """
                "health": {"active": {"expectedStatus": "2xx", "timeout": "10s"}, "panic": {"mode": "ajar"}},
                "retry": {"attempts": 0, "on": ["reset", "bogus"], "statuses": [404]},
                "circuitBreaker": {"failureRatio": 1.5, "bogus": 1}""";
        assertEquals(List.of(
                "pools.web.health.active.expectedStatus: expected a status or a range of statuses from 100 to 599, "
                        + "e.g. \"200\" or \"200-399\", found \"2xx\" at " + at(pool, "\"2xx\""),
                "pools.web.health.active.timeout: must be at most the interval 5s at " + at(pool, "\"10s\""),
                "pools.web.health.panic.mode: expected \"open\" or \"closed\", found \"ajar\" at " + at(pool, "\"ajar\""),
                "pools.web.retry.attempts: must be between 1 and 10, found 0 at " + at(pool, "0, \"on\""),
                "pools.web.retry.on[1]: unknown retry condition \"bogus\"; expected one of connect-failure, reset, "
                        + "timeout at " + at(pool, "\"bogus\"]"),
                "pools.web.retry.statuses[0]: expected a 5xx status (500 to 599), found 404 at " + at(pool, "404"),
                "pools.web.circuitBreaker.failureRatio: must be greater than 0 and at most 1, found 1.5 at "
                        + at(pool, "1.5"),
                "pools.web.circuitBreaker.bogus: unknown key \"bogus\"; expected one of window, failureRatio, "
                        + "minimumRequests, openFor, halfOpenRequests, maxConcurrent at " + at(pool, "\"bogus\": 1")),
                errors(pool));
    }

    @Test
    void ejectionMaxBelowItsBaseIsRejected() {
        String pool = "\"health\": {\"ejection\": {\"base\": \"30s\", \"max\": \"10s\"}}";
        assertEquals(List.of("pools.web.health.ejection.max: must be at least the base 30s at " + at(pool, "\"10s\"")),
                errors(pool));
    }
}
