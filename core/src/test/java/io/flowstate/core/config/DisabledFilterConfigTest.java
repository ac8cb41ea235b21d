package io.flowstate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A route's {"type": ..., "disabled": true} entries: what is read, and every misuse with its place. */
class DisabledFilterConfigTest {

    /** Global filters on line 4, the route's filters on line 6. */
    private static String config(String global, String route) {
        return "{\n"
                + "  \"listen\": \"127.0.0.1:8080\",\n"
                + "  \"pools\": {\"web\": {\"backends\": [{\"url\": \"http://127.0.0.1:9001\"}]}},\n"
                + (global == null ? "\n" : "  \"filters\": [" + global + "],\n")
                + "  \"routes\": [{\"path\": \"/\", \"pool\": \"web\",\n"
                + "    \"filters\": [" + route + "]}]\n"
                + "}\n";
    }

    private static List<String> errors(String json) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(json, ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS), json);
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    /** {@code line:column} of the {@code nth} (from 1) {@code marker} in {@code text}, counted without the parser. */
    private static String at(String text, String marker, int nth) {
        int i = -1;
        for (int k = 0; k < nth; k++) {
            i = text.indexOf(marker, i + 1);
            assertTrue(i >= 0, () -> marker + " not in " + text);
        }
        int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        int column = i - (text.lastIndexOf('\n', i - 1) + 1) + 1;
        return line + ":" + column;
    }

    private static final String RATE = "{\"type\": \"rateLimit\", \"rate\": 10}";
    private static final String AUTH = "{\"type\": \"auth\", \"scheme\": \"bearer\", \"tokens\": [\"t\"]}";

    @Test
    void aDisabledEntryIsReadAsSuch() throws Exception {
        ProxyConfig c = ConfigLoader.parse(config(RATE + ", " + AUTH,
                        "{\"type\": \"rateLimit\", \"disabled\": true}, " + AUTH),
                ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS);
        List<FilterConfig> route = c.routes().get(0).filters();
        assertEquals(2, route.size());
        assertTrue(route.get(0).disabled());
        assertEquals("rateLimit", route.get(0).type());
        assertEquals(FilterSettings.DISABLED, route.get(0).settings());
        assertTrue(!route.get(1).disabled());
    }

    @Test
    void onlyAGlobalFiltersTypeCanBeDisabled() {
        String json = config(RATE, "{\"type\": \"auth\", \"disabled\": true}");
        assertEquals(List.of("routes[0].filters[0].type: no global filter of type \"auth\" to disable; "
                + "the global filters are rateLimit at " + at(json, "\"auth\"", 1)), errors(json));

        String none = config(null, "{\"type\": \"auth\", \"disabled\": true}");
        assertEquals(List.of("routes[0].filters[0].type: no global filter of type \"auth\" to disable; "
                + "there are no global filters at " + at(none, "\"auth\"", 1)), errors(none));
    }

    @Test
    void aDisabledEntryTakesNoOptionAndMustSayTrue() {
        String options = config(RATE, "{\"type\": \"rateLimit\", \"disabled\": true, \"rate\": 5}");
        assertEquals(List.of("routes[0].filters[0].rate: unknown key \"rate\"; a disabled filter takes no options, "
                + "only type and disabled at " + at(options, "\"rate\"", 2)), errors(options));

        String no = config(RATE, "{\"type\": \"rateLimit\", \"disabled\": false}");
        assertEquals(List.of("routes[0].filters[0].disabled: must be true; leave \"disabled\" out to use the filter at "
                + at(no, "false", 1)), errors(no));

        String text = config(RATE, "{\"type\": \"rateLimit\", \"disabled\": \"yes\"}");
        assertEquals(List.of("routes[0].filters[0].disabled: expected a boolean, found string at "
                + at(text, "\"yes\"", 1)), errors(text));
    }

    @Test
    void globalFiltersCannotBeDisabled() {
        String json = config("{\"type\": \"rateLimit\", \"disabled\": true}", "");
        assertEquals(List.of("filters[0].disabled: only a route's filters may disable a filter; leave the filter out "
                + "of the global filters instead at " + at(json, "\"disabled\"", 1)), errors(json));
    }

    @Test
    void aTypeIsDisabledOnceAndNotAlsoListed() {
        String twice = config(RATE, "{\"type\": \"rateLimit\", \"disabled\": true}, "
                + "{\"type\": \"rateLimit\", \"disabled\": true}");
        assertEquals(List.of("routes[0].filters[1].type: \"rateLimit\" is already disabled by routes[0].filters[0] at "
                + at(twice, "\"rateLimit\"", 3)), errors(twice));

        String both = config(RATE, "{\"type\": \"rateLimit\", \"rate\": 1}, {\"type\": \"rateLimit\", \"disabled\": true}");
        assertEquals(List.of("routes[0].filters[1].type: \"rateLimit\" is both listed and disabled in this route "
                + "(routes[0].filters[0]); a route replaces a global filter or disables it, not both at "
                + at(both, "\"rateLimit\"", 3)), errors(both));

        String reverse = config(RATE, "{\"type\": \"rateLimit\", \"disabled\": true}, {\"type\": \"rateLimit\", \"rate\": 1}");
        assertEquals(List.of("routes[0].filters[1].type: \"rateLimit\" is both listed and disabled in this route "
                + "(routes[0].filters[0]); a route replaces a global filter or disables it, not both at "
                + at(reverse, "\"rateLimit\"", 3)), errors(reverse));
    }

    @Test
    void aRouteMayListATypeTwiceToReplaceAGlobalFilter() throws Exception {
        ProxyConfig c = ConfigLoader.parse(config(RATE, RATE + ", " + RATE),
                ConfigLoaderTest.ENGINES, ConfigLoaderTest.BALANCERS);
        assertEquals(2, c.routes().get(0).filters().size());
    }
}
