package io.flowstate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    // ---- auth

    private static final String BEARER = "{\"type\": \"auth\", \"scheme\": \"bearer\", ";
    private static final String API_KEY = "{\"type\": \"auth\", \"scheme\": \"apiKey\", ";

    private static AuthSettings auth(String filter, Path baseDir) throws ConfigException {
        return (AuthSettings) settings(filter, baseDir);
    }

    @Test
    void authBearerWithInlineTokens() throws Exception {
        assertEquals(new AuthSettings(AuthSettings.Scheme.BEARER, "Authorization", List.of("t1", "t.2~+/="), false),
                settings(BEARER + "\"tokens\": [\"t1\", \"t.2~+/=\"]}"));
    }

    @Test
    void authApiKeyDefaultsAndOptions() throws Exception {
        assertEquals(new AuthSettings(AuthSettings.Scheme.API_KEY, "X-Api-Key", List.of("k"), false),
                settings(API_KEY + "\"tokens\": [\"k\"]}"));
        assertEquals(new AuthSettings(AuthSettings.Scheme.API_KEY, "X-Key", List.of("k"), true),
                settings(API_KEY + "\"header\": \"X-Key\", \"tokens\": [\"k\"], \"strip\": true}"));
        assertEquals(true, ((AuthSettings) settings(BEARER + "\"tokens\": [\"k\"], \"strip\": true}")).strip());
    }

    @Test
    void authReadsATokenFileSkippingBlankLinesAndComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens.txt");
        Files.writeString(file, "\uFEFF# issued 2024\n\n  tok-1  \r\ntok-2\n   # old: revoked\n\ttok#3\n",
                StandardCharsets.UTF_8);
        AuthSettings s = auth(BEARER + "\"tokensFile\": " + Json.quote(file.toString()) + "}", Path.of(""));
        assertEquals(List.of("tok-1", "tok-2", "tok#3"), s.tokens());
    }

    @Test
    void authResolvesARelativeTokenFileAgainstTheBaseDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keys.txt"), "k1\n");
        assertEquals(List.of("k1"), auth(API_KEY + "\"tokensFile\": \"keys.txt\"}", dir).tokens());
    }

    @Test
    void authResolvesARelativeTokenFileAgainstTheConfigFilesDirectory(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectory(dir.resolve("etc"));
        Files.writeString(sub.resolve("keys.txt"), "k1\nk2\n");
        Path configFile = sub.resolve("proxy.json");
        Files.writeString(configFile, config(API_KEY + "\"tokensFile\": \"keys.txt\"}"));
        ProxyConfig c = ConfigLoader.load(configFile, ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS);
        assertEquals(List.of("k1", "k2"), ((AuthSettings) c.routes().get(0).filters().get(0).settings()).tokens());
    }

    @Test
    void authTokenFileProblemsNameThePath(@TempDir Path dir) throws Exception {
        String relative = API_KEY + "\"tokensFile\": \"nope.txt\"}";
        assertEquals(List.of("routes[0].filters[0].tokensFile: cannot read \"nope.txt\" (" + dir.resolve("nope.txt").toAbsolutePath().normalize()
                + "): no such file at " + at(relative, "\"nope.txt\"")), errors(relative, dir));

        String absolute = dir.resolve("gone.txt").toString();
        String abs = API_KEY + "\"tokensFile\": " + Json.quote(absolute) + "}";
        assertEquals(List.of("routes[0].filters[0].tokensFile: cannot read " + Json.quote(absolute)
                + ": no such file at " + at(abs, Json.quote(absolute))), errors(abs, dir));

        String directory = API_KEY + "\"tokensFile\": \".\"}";
        assertEquals(List.of("routes[0].filters[0].tokensFile: cannot read \".\" (" + dir.toAbsolutePath().normalize()
                + "): it is a directory at " + at(directory, "\".\"")), errors(directory, dir));

        Files.write(dir.resolve("latin1.txt"), new byte[] {'k', (byte) 0xE9, '\n'});
        String latin1 = API_KEY + "\"tokensFile\": \"latin1.txt\"}";
        assertEquals(List.of("routes[0].filters[0].tokensFile: cannot read \"latin1.txt\" (" + dir.resolve("latin1.txt")
                + "): not UTF-8 text at " + at(latin1, "\"latin1.txt\"")), errors(latin1, dir));

        Files.writeString(dir.resolve("empty.txt"), "# nothing yet\n\n");
        String empty = API_KEY + "\"tokensFile\": \"empty.txt\"}";
        assertEquals(List.of("routes[0].filters[0].tokensFile: \"empty.txt\" (" + dir.resolve("empty.txt")
                + ") holds no tokens (blank lines and # comments are skipped) at " + at(empty, "\"empty.txt\"")),
                errors(empty, dir));

        String blank = API_KEY + "\"tokensFile\": \"\"}";
        assertEquals(List.of("routes[0].filters[0].tokensFile: must not be empty at " + at(blank, "\"\"}")),
                errors(blank, dir));
    }

    @Test
    void authTokenFileLinesAreCheckedWithoutQuotingThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.txt"), "good\nhas space\n\nsecond bad\n");
        String filter = BEARER + "\"tokensFile\": \"bad.txt\"}";
        String at = at(filter, "\"bad.txt\"");
        List<String> errors = errors(filter, dir);
        assertEquals(List.of(
                "routes[0].filters[0].tokensFile: line 2 of \"bad.txt\": a token must be 1 or more visible ASCII "
                        + "characters, without spaces at " + at,
                "routes[0].filters[0].tokensFile: line 4 of \"bad.txt\": a token must be 1 or more visible ASCII "
                        + "characters, without spaces at " + at), errors);
        assertTrue(errors.stream().noneMatch(e -> e.contains("has space") || e.contains("good")), errors::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"Bearer\"  | must be \"bearer\" or \"apiKey\", found \"Bearer\"",
            "\"basic\"   | must be \"bearer\" or \"apiKey\", found \"basic\"",
            "1           | expected a string, found number"})
    void authBadSchemes(String scheme, String message) {
        String filter = "{\"type\": \"auth\", \"scheme\": " + scheme + ", \"tokens\": [\"k\"]}";
        assertEquals("routes[0].filters[0].scheme: " + message + " at " + at(filter, scheme + ","), error(filter));
    }

    @Test
    void authOptionErrors() {
        String noScheme = "{\"type\": \"auth\", \"tokens\": [\"k\"]}";
        assertEquals("routes[0].filters[0].scheme: missing required key \"scheme\" at " + at(noScheme, "{\"type\""),
                error(noScheme));

        String bearerHeader = BEARER + "\"header\": \"X-Token\", \"tokens\": [\"k\"]}";
        assertEquals("routes[0].filters[0].header: applies only to \"scheme\": \"apiKey\"; bearer tokens are always "
                + "read from Authorization at " + at(bearerHeader, "\"X-Token\""), error(bearerHeader));

        String badHeader = API_KEY + "\"header\": \"X Key\", \"tokens\": [\"k\"]}";
        assertEquals("routes[0].filters[0].header: \"X Key\" is not a field name (RFC 9110 5.1) at "
                + at(badHeader, "\"X Key\""), error(badHeader));

        String both = API_KEY + "\"tokens\": [\"k\"], \"tokensFile\": \"keys.txt\"}";
        assertEquals("routes[0].filters[0].tokensFile: give \"tokens\" or \"tokensFile\", not both at "
                + at(both, "\"keys.txt\""), error(both));

        String neither = API_KEY + "\"strip\": true}";
        assertEquals("routes[0].filters[0].tokens: missing required key \"tokens\" or \"tokensFile\" at "
                + at(neither, "{\"type\""), error(neither));

        String none = API_KEY + "\"tokens\": []}";
        assertEquals("routes[0].filters[0].tokens: must list at least one token at " + at(none, "[]"), error(none));

        String notArray = API_KEY + "\"tokens\": \"k\"}";
        assertEquals("routes[0].filters[0].tokens: expected an array, found string at " + at(notArray, "\"k\""),
                error(notArray));

        String strip = API_KEY + "\"tokens\": [\"k\"], \"strip\": \"yes\"}";
        assertEquals("routes[0].filters[0].strip: expected a boolean, found string at " + at(strip, "\"yes\""),
                error(strip));

        String unknown = API_KEY + "\"tokens\": [\"k\"], \"realm\": \"x\"}";
        assertEquals("routes[0].filters[0].realm: unknown key \"realm\"; expected one of type, scheme, header, tokens, "
                + "tokensFile, strip at " + at(unknown, "\"realm\""), error(unknown));
    }

    @Test
    void authBadInlineTokensAreReportedWithoutQuotingThem() {
        String filter = BEARER + "\"tokens\": [\"fine\", \"has space\", 5, \"\", \"caf\u00e9\"]}";
        List<String> errors = errors(filter);
        String rule = "a token must be 1 or more visible ASCII characters, without spaces";
        assertEquals(List.of(
                "routes[0].filters[0].tokens[1]: " + rule + " at " + at(filter, "\"has space\""),
                "routes[0].filters[0].tokens[2]: expected a string, found number at " + at(filter, "5,"),
                "routes[0].filters[0].tokens[3]: " + rule + " at " + at(filter, "\"\","),
                "routes[0].filters[0].tokens[4]: " + rule + " at " + at(filter, "\"caf")), errors);
        assertTrue(errors.stream().noneMatch(e -> e.contains("has space") || e.contains("fine")), errors::toString);
    }

    @Test
    void noConfigTextShowsAToken(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keys.txt"), "file-secret-1\n");
        String json = ConfigLoaderTest.MINIMAL.replace("\"routes\"", "\"filters\": ["
                + BEARER + "\"tokens\": [\"inline-secret-1\"]}, " + API_KEY + "\"tokensFile\": \"keys.txt\"}],\n  \"routes\"");
        ProxyConfig c = ConfigLoader.parse(json, ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS, dir);
        String text = c.toString() + c.filters() + c.filters().get(0).settings() + c.filters().get(1).settings();
        assertTrue(text.contains("AuthSettings[scheme=bearer, header=Authorization, tokens=1 (not shown), strip=false]"),
                text);
        assertTrue(!text.contains("inline-secret-1") && !text.contains("file-secret-1"), text);
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
