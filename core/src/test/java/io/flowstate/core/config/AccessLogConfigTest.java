package io.flowstate.core.config;

import static io.flowstate.core.config.FilterOptionsTest.at;
import static io.flowstate.core.config.FilterOptionsTest.error;
import static io.flowstate.core.config.FilterOptionsTest.errors;
import static io.flowstate.core.config.FilterOptionsTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flowstate.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options of the accessLog filter: defaults, paths, and every wrong value with its place. */
class AccessLogConfigTest {

    private static String log(String options) {
        return "{\"type\": \"accessLog\"" + (options.isEmpty() ? "" : ", " + options) + "}";
    }

    @Test
    void defaultsToStandardOutputAndAQueueOf8192() throws Exception {
        assertEquals(new AccessLogSettings(null, 8192), settings(log("")));
        assertEquals(8192, AccessLogSettings.DEFAULT_QUEUE_SIZE);
    }

    @Test
    void everyOption(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        assertEquals(new AccessLogSettings(file, 1),
                settings(log("\"path\": " + Json.quote(file.toString()) + ", \"queueSize\": 1")));
        assertEquals(new AccessLogSettings(null, 1_000_000), settings(log("\"queueSize\": 1000000")));
    }

    @Test
    void aRelativePathIsResolvedAgainstTheBaseDirectoryAndNormalized(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("logs"));
        assertEquals(new AccessLogSettings(dir.resolve("logs/access.log"), 8192),
                settings(log("\"path\": \"logs/../logs/access.log\""), dir));
    }

    @Test
    void aRelativePathIsResolvedAgainstTheConfigFilesDirectory(@TempDir Path dir) throws Exception {
        Path etc = Files.createDirectory(dir.resolve("etc"));
        Path configFile = etc.resolve("proxy.json");
        Files.writeString(configFile, FilterOptionsTest.config(log("\"path\": \"access.log\"")));
        ProxyConfig c = ConfigLoader.load(configFile, ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS);
        assertEquals(new AccessLogSettings(etc.resolve("access.log"), 8192), c.routes().get(0).filters().get(0).settings());
        assertEquals(List.of("proxy.json"), List.of(etc.toFile().list()), "validation creates no file");
    }

    @Test
    void pathProblemsNameTheFile(@TempDir Path dir) throws Exception {
        String empty = log("\"path\": \"\"");
        assertEquals("routes[0].filters[0].path: must not be empty; leave \"path\" out to log to standard output at "
                + at(empty, "\"\""), error(empty));

        String directory = log("\"path\": " + Json.quote(dir.toString()));
        assertEquals("routes[0].filters[0].path: cannot write " + Json.quote(dir.toString()) + ": it is a directory at "
                + at(directory, "\"/"), error(directory));

        String missingDir = log("\"path\": \"nowhere/access.log\"");
        assertEquals(List.of("routes[0].filters[0].path: cannot write \"nowhere/access.log\" ("
                        + dir.resolve("nowhere/access.log") + "): no such directory " + dir.resolve("nowhere")
                        + " at " + at(missingDir, "\"nowhere")),
                errors(missingDir, dir));

        String nul = log("\"path\": \"a\\u0000b\"");
        assertEquals("routes[0].filters[0].path: invalid path \"a\\u0000b\": Nul character not allowed at "
                + at(nul, "\"a\\"), error(nul));

        String number = log("\"path\": 1");
        assertEquals("routes[0].filters[0].path: expected a string, found number at " + at(number, "1"), error(number));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|must be between 1 and 1000000, found 0",
        "1000001|must be between 1 and 1000000, found 1000001",
        "-1|must be between 1 and 1000000, found -1",
        "1.5|expected an integer, found 1.5",
        "\"8\"|expected an integer, found string",
    })
    void badQueueSizes(String size, String message) {
        String filter = log("\"queueSize\": " + size);
        assertEquals("routes[0].filters[0].queueSize: " + message + " at " + at(filter, size), error(filter));
    }

    @Test
    void unknownOptionsListTheKnownOnes() {
        String filter = log("\"format\": \"json\"");
        assertEquals("routes[0].filters[0].format: unknown key \"format\"; expected one of type, path, queueSize at "
                + at(filter, "\"format\""), error(filter));
    }

    @Test
    void entriesWritingToOnePlaceMustAgreeOnTheQueueSize(@TempDir Path dir) {
        String file = Json.quote(dir.resolve("a.log").toString());
        String other = Json.quote(dir.resolve("b.log").toString());
        String json = "{\n"
                + "  \"listen\": \"127.0.0.1:8080\",\n"
                + "  \"pools\": {\"web\": {\"backends\": [{\"url\": \"http://127.0.0.1:9001\"}]}},\n"
                + "  \"routes\": [{\"path\": \"/a\", \"pool\": \"web\", \"filters\": [{\"type\": \"accessLog\", \"path\": "
                + file + ", \"queueSize\": 16}]},\n"
                + "             {\"path\": \"/b\", \"pool\": \"web\", \"filters\": [{\"type\": \"accessLog\", \"path\": "
                + other + ", \"queueSize\": 16}, {\"type\": \"accessLog\"}]}],\n"
                + "  \"filters\": [{\"type\": \"accessLog\", \"path\": " + file + "}, {\"type\": \"accessLog\", \"queueSize\": 2}]\n"
                + "}\n";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(json, ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS));
        int routeA = json.indexOf("\"queueSize\": 16");
        String routeAAt = "4:" + (routeA - json.lastIndexOf('\n', routeA) + "\"queueSize\": ".length());
        int stdout = json.indexOf("{\"type\": \"accessLog\"}");
        String stdoutAt = "5:" + (stdout - json.lastIndexOf('\n', stdout));
        assertEquals(List.of(
                "routes[0].filters[0].queueSize: must equal the queueSize of filters[0] (8192), which also writes to "
                        + "the same file: they share one queue at " + routeAAt,
                "routes[1].filters[1].queueSize: is 8192 by default and must equal the queueSize of filters[1] (2), "
                        + "which also writes to standard output: they share one queue at " + stdoutAt),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void settingsCheckTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new AccessLogSettings(Path.of("relative.log"), 1));
        assertThrows(IllegalArgumentException.class, () -> new AccessLogSettings(null, 0));
        assertThrows(IllegalArgumentException.class, () -> new AccessLogSettings(null, 1_000_001));
    }
}
