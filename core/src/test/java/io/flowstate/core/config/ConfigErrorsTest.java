package io.flowstate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the schema, each rejected with its path, line, column and message. */
class ConfigErrorsTest {

    /** {@code MINIMAL} from ConfigLoaderTest; lines 2, 3 and 4 hold listen, pools and routes. */
    private static final String BASE = ConfigLoaderTest.MINIMAL;

    private static List<String> errors(String json) {
        return errors(json, ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS);
    }

    private static List<String> errors(String json, Set<String> engines, Set<String> balancers) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, engines, balancers), json);
        List<String> out = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(String.join("\n", out), e.getMessage());
        return out;
    }

    /** The only error of {@code json}. */
    private static String error(String json) {
        List<String> all = errors(json);
        assertEquals(1, all.size(), () -> "expected one error, got " + all);
        return all.get(0);
    }

    /**
     * {@code line:column} of the first {@code marker} in {@code text}, counted here without the
     * parser, so that the loader's positions are checked against an independent count.
     */
    private static String at(String text, String marker) {
        int i = text.indexOf(marker);
        assertTrue(i >= 0, () -> marker + " not in " + text);
        int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        int column = i - (text.lastIndexOf('\n', i - 1) + 1) + 1;
        return line + ":" + column;
    }

    /** Replaces {@code from} in BASE by {@code to}, which must occur. */
    private static String base(String from, String to) {
        assertTrue(BASE.contains(from), from);
        return BASE.replace(from, to);
    }

    // -- exact strings, positions counted by hand ------------------------------------------------

    @Test
    void unknownPoolMatchesTheDocumentedFormat() {
        assertEquals("routes[0].pool: unknown pool \"wbe\" at 4:36", error(base("\"pool\": \"web\"", "\"pool\": \"wbe\"")));
    }

    @Test
    void exactStringsForRootRules() {
        assertEquals("listen: expected a string, found number at 2:13", error(base("\"127.0.0.1:8080\"", "8080")));
        assertEquals("listen: missing required key \"listen\" at 1:1", error(base("\"listen\": \"127.0.0.1:8080\",", "")));
        assertEquals("bogus: unknown key \"bogus\"; expected one of listen, admin, engine, timeouts, transport, limits, "
                + "pools, routes, filters at 2:3", error(base("\"listen\"", "\"bogus\": 1, \"listen\"")));
        assertEquals("admin: expected an address or an object, found number at 2:12",
                error(base("\"listen\"", "\"admin\": 1, \"listen\"")));
        assertEquals("admin: an admin listener on a non-loopback address needs a \"token\" or \"tokenFile\" at 2:12",
                error(base("\"listen\"", "\"admin\": \"0.0.0.0:9901\", \"listen\"")));
        String withEngine = base("  \"listen\"", "  \"engine\": \"netty\",\n  \"listen\"");
        assertEquals("engine: unknown engine \"netty\"; available: jdk, jetty at 2:13", error(withEngine));
        assertEquals("engine: the default engine \"jdk\" is not available; available: jetty at 1:1",
                errors(BASE, Set.of("jetty"), ConfigLoaderTest.BALANCERS).get(0));
        assertEquals("pools.web.balancer: the default balancer \"wrr\" is not available; available: p2c at 3:20",
                errors(BASE, ConfigLoaderTest.ENGINES, Set.of("p2c")).get(0));
    }

    @Test
    void filterOptionsAreCheckedWithPathLineAndColumn() {
        String json = """
                {
                  "listen": "127.0.0.1:8080",
                  "pools": {"web": {"backends": [{"url": "http://127.0.0.1:9001"}]}},
                  "routes": [{"path": "/", "pool": "web", "filters": [
                    {"type": "requestId"},
                    {"type": "rateLimit", "rate": 0, "key": "header:"},
                    {"type": "maxConcurrent", "max": 0},
                    {"type": "auth", "scheme": "bearer"}]}],
                  "filters": [{"type": "auth", "scheme": "apiKey", "tokens": ["ok", "not ok"]}]
                }
                """;
        assertEquals(List.of(
                "routes[0].filters[1].rate: must be a positive number, found 0 at 6:35",
                "routes[0].filters[1].key: header name \"\" is not a field name (RFC 9110 5.1) at 6:45",
                "routes[0].filters[2].max: must be between 1 and 1000000, found 0 at 7:38",
                "routes[0].filters[3].tokens: missing required key \"tokens\" or \"tokensFile\" at 8:5",
                "filters[0].tokens[1]: a token must be 1 or more visible ASCII characters, without spaces at 9:69"),
                errors(json));
    }

    @Test
    void syntaxErrorIsOneErrorWithEmptyPath() {
        assertEquals(List.of("expected ',' or '}', found '\"' at 3:3"),
                errors("{\n  \"listen\": \"127.0.0.1:8080\"\n  \"pools\": {}\n}"));
        assertEquals(List.of("duplicate key \"listen\" at 1:27"), errors("{\"listen\": \"127.0.0.1:1\", \"listen\": 1}"));
        assertEquals(List.of("expected a value, found end of input; a FlowState config is JSON, one object in { } "
                + "(docs/config.md); YAML and other formats are not read at 1:1"), errors(""));
        assertEquals(List.of("expected a value, found 'l'; a FlowState config is JSON, one object in { } "
                + "(docs/config.md); YAML and other formats are not read at 1:1"), errors("listen: 127.0.0.1:8080\n"));
    }

    @Test
    void documentMustBeAnObject() {
        assertEquals("expected an object, found array at 2:2", error("\n [1]"));
    }

    @Test
    void everyErrorIsReportedSortedByPosition() {
        String json = """
                {
                  "routes": [ { "path": "api", "pool": "wbe", "bogus": 1 } ],
                  "engine": "netty",
                  "timeouts": { "connect": "0s", "idle": "1.5s" },
                  "pools": { "web": { "backends": [ { "url": "https://h:1" }, { "url": "http://h:2", "weight": 0 } ] } }
                }
                """;
        assertEquals(List.of(
                "listen: missing required key \"listen\" at 1:1",
                "routes[0].path: must start with \"/\" at 2:25",
                "routes[0].pool: unknown pool \"wbe\" at 2:40",
                "routes[0].bogus: unknown key \"bogus\"; expected one of name, host, path, match, methods, pool, "
                        + "stripPrefix, filters, retryNonIdempotent at 2:47",
                "engine: unknown engine \"netty\"; available: jdk, jetty at 3:13",
                "timeouts.connect: must be greater than 0 at 4:28",
                "timeouts.idle: invalid duration \"1.5s\"; expected a whole number followed by ms, s, m or h, "
                        + "e.g. \"250ms\", \"1s\", \"2m\" at 4:42",
                "pools.web.backends[0].url: https backends are not supported; use http:// at 5:46",
                "pools.web.backends[1].weight: must be between 1 and 1000, found 0 at 5:96"), errors(json));
    }
}
