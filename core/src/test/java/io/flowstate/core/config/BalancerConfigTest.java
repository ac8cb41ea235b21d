package io.flowstate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A pool's "balancer": the name alone, or an object with the strategy's options; each error with path, line, column. */
class BalancerConfigTest {
    private static final Set<String> BALANCERS = Set.of("wrr", "p2c", "least-loaded", "p2c-ewma");

    /** A config whose pool "web" has {@code "balancer": <balancer>} on line 3. */
    private static String config(String balancer) {
        return "{\n"
                + "  \"listen\": \"127.0.0.1:8080\",\n"
                + "  \"pools\": {\"web\": {\"balancer\": " + balancer + ", \"backends\": [{\"url\": \"http://127.0.0.1:9001\"}]}},\n"
                + "  \"routes\": [{\"path\": \"/\", \"pool\": \"web\"}]\n"
                + "}\n";
    }

    private static BalancerConfig parse(String balancer) throws ConfigException {
        return ConfigLoader.parse(config(balancer), Set.of("jdk"), BALANCERS).pools().get("web").balancer();
    }

    private static List<String> errors(String balancer) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(config(balancer), Set.of("jdk"), BALANCERS));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void aNameTakesEveryDefault() throws Exception {
        for (String name : BALANCERS) {
            BalancerConfig b = parse("\"" + name + "\"");
            assertEquals(BalancerConfig.of(name), b);
            assertEquals(1.0, b.bias());
            assertEquals(Duration.ofSeconds(10), b.decay());
        }
    }

    @Test
    void anObjectCarriesItsStrategysOptions() throws Exception {
        assertEquals(new BalancerConfig("p2c", 2.5, BalancerConfig.DEFAULT_DECAY), parse("{\"type\": \"p2c\", \"bias\": 2.5}"));
        assertEquals(new BalancerConfig("p2c", 0, BalancerConfig.DEFAULT_DECAY), parse("{\"type\": \"p2c\", \"bias\": 0}"));
        assertEquals(new BalancerConfig("p2c-ewma", 1.0, Duration.ofMillis(1500)),
                parse("{\"type\": \"p2c-ewma\", \"decay\": \"1500ms\"}"));
        assertEquals(BalancerConfig.of("least-loaded"), parse("{\"type\": \"least-loaded\"}"));
    }

    @Test
    void noBalancerKeyIsWrr() throws Exception {
        String json = "{\"listen\": \"127.0.0.1:8080\", \"pools\": {\"web\": {\"backends\": [{\"url\": \"http://127.0.0.1:9001\"}]}},"
                + " \"routes\": [{\"path\": \"/\", \"pool\": \"web\"}]}";
        assertEquals(BalancerConfig.of("wrr"), ConfigLoader.parse(json, Set.of("jdk"), BALANCERS).pools().get("web").balancer());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "rr"                                    | pools.web.balancer: unknown balancer "rr"; available: least-loaded, p2c, p2c-ewma, wrr at 3:33
            7                                       | pools.web.balancer: expected a string or an object, found number at 3:33
            {}                                      | pools.web.balancer.type: missing required key "type" at 3:33
            {"type": 1}                             | pools.web.balancer.type: expected a string, found number at 3:42
            {"type": "rr", "bias": 1}               | pools.web.balancer.type: unknown balancer "rr"; available: least-loaded, p2c, p2c-ewma, wrr at 3:42
            {"type": "wrr", "bias": 1}              | pools.web.balancer.bias: unknown key "bias"; balancer "wrr" takes no options at 3:49
            {"type": "p2c", "decay": "1s"}          | pools.web.balancer.decay: unknown key "decay"; expected one of type, bias at 3:49
            {"type": "p2c-ewma", "bias": 2}         | pools.web.balancer.bias: unknown key "bias"; expected one of type, decay at 3:54
            {"type": "p2c", "bias": 10.5}           | pools.web.balancer.bias: must be a number from 0 to 10, found 10.5 at 3:57
            {"type": "p2c", "bias": -1}             | pools.web.balancer.bias: must be a number from 0 to 10, found -1 at 3:57
            {"type": "p2c", "bias": "1"}            | pools.web.balancer.bias: expected a number, found string at 3:57
            {"type": "p2c-ewma", "decay": "0s"}     | pools.web.balancer.decay: must be greater than 0 at 3:63
            {"type": "p2c-ewma", "decay": "1.5s"}   | pools.web.balancer.decay: invalid duration "1.5s"; expected a whole number followed by ms, s, m or h, e.g. "250ms", "1s", "2m" at 3:63
            {"type": "p2c-ewma", "decay": 10}       | pools.web.balancer.decay: expected a string, found number at 3:63
            {"type": "p2c-ewma", "decay": "25h"}    | pools.web.balancer.decay: must be at most 24h, found "25h" at 3:63
            {"type": "p2c-ewma", "decay": "9999999999h"} | pools.web.balancer.decay: must be at most 24h, found "9999999999h" at 3:63
            """)
    void eachMistakeIsNamedWithItsPlace(String balancer, String error) {
        assertEquals(List.of(error), errors(balancer));
    }

    @Test
    void aStrategyCoreDoesNotKnowTakesNoOptions() throws Exception {
        Set<String> withPlugin = Set.of("wrr", "maglev");
        assertEquals(BalancerConfig.of("maglev"), ConfigLoader.parse(config("{\"type\": \"maglev\"}"), Set.of("jdk"), withPlugin)
                .pools().get("web").balancer());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(config("{\"type\": \"maglev\", \"ring\": 3}"), Set.of("jdk"), withPlugin));
        assertEquals("pools.web.balancer.ring: unknown key \"ring\"; balancer \"maglev\" takes no options at 3:52",
                e.errors().get(0).toString());
    }

    @Test
    void theRecordRefusesWhatTheReaderRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new BalancerConfig("p2c", 11, BalancerConfig.DEFAULT_DECAY));
        assertThrows(IllegalArgumentException.class, () -> new BalancerConfig("p2c", Double.NaN, BalancerConfig.DEFAULT_DECAY));
        assertThrows(IllegalArgumentException.class, () -> new BalancerConfig("p2c-ewma", 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BalancerConfig("p2c-ewma", 1, Duration.ofHours(25)));
        assertEquals(Duration.ofHours(24), new BalancerConfig("p2c-ewma", 1, BalancerConfig.MAX_DECAY).decay());
        assertEquals(List.of("bias"), BalancerConfig.options("p2c"));
        assertEquals(List.of(), BalancerConfig.options("unknown"));
    }
}
