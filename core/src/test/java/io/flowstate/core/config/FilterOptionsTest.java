package io.flowstate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The options of the filters that take some: what each parses into, its defaults, and each
 * wrong value rejected with its path, line, column and message.
 */
class FilterOptionsTest {

    /** A config whose first route has {@code "filters": [<filters>]} on line 5. */
    static String config(String filters) {
        return "{\n"
                + "  \"listen\": \"127.0.0.1:8080\",\n"
                + "  \"pools\": {\"web\": {\"backends\": [{\"url\": \"http://127.0.0.1:9001\"}]}},\n"
                + "  \"routes\": [{\"path\": \"/\", \"pool\": \"web\",\n"
                + "    \"filters\": [" + filters + "]}]\n"
                + "}\n";
    }

    /** The settings of the route's only filter. */
    static FilterSettings settings(String filter) throws ConfigException {
        return settings(filter, Path.of(""));
    }

    static FilterSettings settings(String filter, Path baseDir) throws ConfigException {
        ProxyConfig c = ConfigLoader.parse(config(filter), ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS, baseDir);
        List<FilterConfig> filters = c.routes().get(0).filters();
        assertEquals(1, filters.size());
        return filters.get(0).settings();
    }

    static List<String> errors(String filters) {
        return errors(filters, Path.of(""));
    }

    static List<String> errors(String filters, Path baseDir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(filters),
                ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS, baseDir), filters);
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    /** The only error of the config with these filters. */
    static String error(String filters) {
        List<String> all = errors(filters);
        assertEquals(1, all.size(), () -> "expected one error, got " + all);
        return all.get(0);
    }

    /**
     * {@code line:column} of the first {@code marker} in the route's filters of the config around
     * {@code filters}, counted here without the parser.
     */
    static String at(String filters, String marker) {
        String text = config(filters);
        int i = text.indexOf(marker, text.indexOf("\"filters\""));
        assertTrue(i >= 0, () -> marker + " not in " + text);
        int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        int column = i - (text.lastIndexOf('\n', i - 1) + 1) + 1;
        return line + ":" + column;
    }

    // ---- rateLimit

    @Test
    void rateLimitDefaults() throws Exception {
        assertEquals(new RateLimitSettings(new BigDecimal("10"), 10, RateLimitSettings.Key.GLOBAL, 10_000),
                settings("{\"type\": \"rateLimit\", \"rate\": 10}"));
        assertEquals(1, ((RateLimitSettings) settings("{\"type\": \"rateLimit\", \"rate\": 0.25}")).burst(),
                "burst is the rate rounded up, at least 1");
        assertEquals(3, ((RateLimitSettings) settings("{\"type\": \"rateLimit\", \"rate\": 2.001}")).burst());
    }

    @Test
    void rateLimitEveryOption() throws Exception {
        RateLimitSettings s = (RateLimitSettings) settings(
                "{\"type\": \"rateLimit\", \"rate\": 2.5, \"burst\": 7, \"key\": \"header:X-Api-Key\", \"maxKeys\": 500}");
        assertEquals(new BigDecimal("2.5"), s.rate());
        assertEquals(2_500, s.milliRate());
        assertEquals(7, s.burst());
        assertEquals(new RateLimitSettings.Key.Header("X-Api-Key"), s.key());
        assertEquals(500, s.maxKeys());
        assertEquals(RateLimitSettings.Key.CLIENT,
                ((RateLimitSettings) settings("{\"type\": \"rateLimit\", \"rate\": 1, \"key\": \"client\"}")).key());
        assertEquals(RateLimitSettings.Key.GLOBAL,
                ((RateLimitSettings) settings("{\"type\": \"rateLimit\", \"rate\": 1, \"key\": \"global\"}")).key());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.001     | 1",
            "1e3       | 1000000",
            "1000000   | 1000000000",
            "12.340    | 12340",
            "0.5E1     | 5000"})
    void rateLimitRatesInThousandths(String rate, long milliRate) throws Exception {
        assertEquals(milliRate, ((RateLimitSettings) settings("{\"type\": \"rateLimit\", \"rate\": " + rate + "}")).milliRate());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0                 | must be a positive number, found 0",
            "-1                | must be a positive number, found -1",
            "-0.0              | must be a positive number, found -0.0",
            "0.0001            | must be a multiple of 0.001 (at most 3 decimal places), found 0.0001",
            "2.0005            | must be a multiple of 0.001 (at most 3 decimal places), found 2.0005",
            "1e-999999999999   | must be a multiple of 0.001 (at most 3 decimal places), found 1e-999999999999",
            "1000000.001       | must be at most 1000000 (requests per second), found 1000000.001",
            "1e999999999999    | must be at most 1000000 (requests per second), found 1e999999999999",
            "'\"10\"'          | expected a number, found string",
            "null              | expected a number, found null"})
    void rateLimitBadRates(String rate, String message) {
        String filters = "{\"type\": \"rateLimit\", \"rate\": " + rate + "}";
        assertEquals("routes[0].filters[0].rate: " + message + " at " + at(filters, rate), error(filters));
    }

    @Test
    void rateLimitNeedsARate() {
        String filters = "{\"type\": \"rateLimit\", \"burst\": 5}";
        assertEquals("routes[0].filters[0].rate: missing required key \"rate\" at " + at(filters, "{\"type\""),
                error(filters));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0        | must be between 1 and 1000000, found 0",
            "1000001  | must be between 1 and 1000000, found 1000001",
            "2.5      | expected an integer, found 2.5",
            "'\"5\"'  | expected an integer, found string"})
    void rateLimitBadBursts(String burst, String message) {
        String filters = "{\"type\": \"rateLimit\", \"rate\": 1, \"burst\": " + burst + "}";
        assertEquals("routes[0].filters[0].burst: " + message + " at " + at(filters, burst + "}"), error(filters));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'\"Client\"'        | must be \"global\", \"client\" or \"header:NAME\", found \"Client\"",
            "'\"ip\"'            | must be \"global\", \"client\" or \"header:NAME\", found \"ip\"",
            "'\"header:\"'       | header name \"\" is not a field name (RFC 9110 5.1)",
            "'\"header:X Key\"'  | header name \"X Key\" is not a field name (RFC 9110 5.1)",
            "'\"header:X:Y\"'    | header name \"X:Y\" is not a field name (RFC 9110 5.1)",
            "1                   | expected a string, found number"})
    void rateLimitBadKeys(String key, String message) {
        String filters = "{\"type\": \"rateLimit\", \"rate\": 1, \"key\": " + key + "}";
        assertEquals("routes[0].filters[0].key: " + message + " at " + at(filters, key + "}"), error(filters));
    }

    @Test
    void rateLimitMaxKeysNeedsAKeyedLimitAndARange() {
        String global = "{\"type\": \"rateLimit\", \"rate\": 1, \"maxKeys\": 5}";
        assertEquals("routes[0].filters[0].maxKeys: applies only to a per-client or per-header key "
                + "(\"key\": \"client\" or \"header:NAME\") at " + at(global, "5}"), error(global));
        String zero = "{\"type\": \"rateLimit\", \"rate\": 1, \"key\": \"client\", \"maxKeys\": 0}";
        assertEquals("routes[0].filters[0].maxKeys: must be between 1 and 1000000, found 0 at " + at(zero, "0}"),
                error(zero));
    }

    @Test
    void rateLimitReportsEveryBadOptionAtOnce() {
        String filters = "{\"type\": \"rateLimit\", \"rate\": -2, \"burst\": 0, \"key\": \"nope\", \"colour\": 1}";
        assertEquals(List.of(
                "routes[0].filters[0].colour: unknown key \"colour\"; expected one of type, rate, burst, key, maxKeys at "
                        + at(filters, "\"colour\"")), errors(filters), "unknown keys first: values are not read then");
        String values = "{\"type\": \"rateLimit\", \"rate\": -2, \"burst\": 0, \"key\": \"nope\"}";
        assertEquals(List.of(
                "routes[0].filters[0].rate: must be a positive number, found -2 at " + at(values, "-2"),
                "routes[0].filters[0].burst: must be between 1 and 1000000, found 0 at " + at(values, "0,"),
                "routes[0].filters[0].key: must be \"global\", \"client\" or \"header:NAME\", found \"nope\" at "
                        + at(values, "\"nope\"")), errors(values));
    }

    // ---- maxConcurrent

    @Test
    void maxConcurrentTakesItsCap() throws Exception {
        assertEquals(new MaxConcurrentSettings(100), settings("{\"type\": \"maxConcurrent\", \"max\": 100}"));
        assertEquals(new MaxConcurrentSettings(1), settings("{\"type\": \"maxConcurrent\", \"max\": 1}"));
        assertEquals(new MaxConcurrentSettings(1_000_000),
                settings("{\"type\": \"maxConcurrent\", \"max\": 1000000}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0                      | must be between 1 and 1000000, found 0",
            "-5                     | must be between 1 and 1000000, found -5",
            "1000001                | must be between 1 and 1000000, found 1000001",
            "99999999999999999999   | must be between 1 and 1000000, found 99999999999999999999",
            "1.5                    | expected an integer, found 1.5",
            "1e2                    | expected an integer, found 1e2",
            "'\"10\"'             | expected an integer, found string",
            "true                   | expected an integer, found boolean"})
    void maxConcurrentBadCaps(String max, String message) {
        String filters = "{\"type\": \"maxConcurrent\", \"max\": " + max + "}";
        assertEquals("routes[0].filters[0].max: " + message + " at " + at(filters, max + "}"), error(filters));
    }

    @Test
    void maxConcurrentNeedsItsCapAndNothingElse() {
        String none = "{\"type\": \"maxConcurrent\"}";
        assertEquals("routes[0].filters[0].max: missing required key \"max\" at " + at(none, "{\"type\""), error(none));
        String extra = "{\"type\": \"maxConcurrent\", \"max\": 5, \"queue\": 10}";
        assertEquals("routes[0].filters[0].queue: unknown key \"queue\"; expected one of type, max at "
                + at(extra, "\"queue\""), error(extra));
    }

    @Test
    void globalFiltersAreCheckedTheSameWay() {
        String json = ConfigLoaderTest.MINIMAL.replace("\"routes\"",
                "\"filters\": [{\"type\": \"requestId\"}, {\"type\": \"rateLimit\", \"rate\": 0}],\n  \"routes\"");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(json, ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS));
        assertEquals(List.of("filters[1].rate: must be a positive number, found 0 at 4:68"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void settingsCheckTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> RateLimitSettings.of(new BigDecimal("0.0005")));
        assertThrows(IllegalArgumentException.class, () -> RateLimitSettings.of(BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RateLimitSettings.of(new BigDecimal("1000001")));
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimitSettings(BigDecimal.ONE, 0, RateLimitSettings.Key.GLOBAL, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimitSettings(BigDecimal.ONE, 1, RateLimitSettings.Key.GLOBAL, 0));
        assertThrows(IllegalArgumentException.class, () -> new RateLimitSettings.Key.Header("a b"));
        assertEquals("header:X-Id", new RateLimitSettings.Key.Header("X-Id").toString());
    }
}
