package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flowstate.core.config.FilterConfig;
import io.flowstate.core.config.FilterSettings;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The route chain FilterPrecedence composes, shown with filters named "type:label". */
class FilterPrecedenceTest {

    /** An entry "type:label" ("type!" for a disabled one); the label travels in the options. */
    private static FilterConfig entry(String spec) {
        boolean disabled = spec.endsWith("!");
        String s = disabled ? spec.substring(0, spec.length() - 1) : spec;
        String type = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
        return new FilterConfig(type, new JsonObject(Map.of("type", new JsonString(type), "label", new JsonString(s))),
                disabled ? FilterSettings.DISABLED : FilterSettings.NONE);
    }

    private static List<FilterConfig> entries(String... specs) {
        return Arrays.stream(specs).map(FilterPrecedenceTest::entry).toList();
    }

    private static String label(FilterConfig c) {
        return ((JsonString) c.options().get("label")).value();
    }

    /** The chain, global entries marked "g " and route ones "r ", and the order route entries were built in. */
    private static List<String> chain(List<String> built, String[] global, String... route) {
        List<FilterConfig> g = entries(global);
        List<String> globalBuilt = g.stream().map(c -> "g " + label(c)).toList();
        return FilterPrecedence.routeChain(g, globalBuilt, entries(route), c -> {
            built.add(label(c));
            return "r " + label(c);
        });
    }

    private static List<String> chain(String[] global, String... route) {
        return chain(new ArrayList<>(), global, route);
    }

    private static String[] global(String... specs) {
        return specs;
    }

    @Test
    void withoutOverlapGlobalFiltersWrapTheRoutesOwn() {
        assertEquals(List.of("g requestId", "g accessLog", "r auth", "r rateLimit"),
                chain(global("requestId", "accessLog"), "auth", "rateLimit"));
        assertEquals(List.of("g requestId"), chain(global("requestId")));
        assertEquals(List.of("r auth"), chain(global(), "auth"));
    }

    @Test
    void aRouteFilterOfAGlobalTypeTakesItsPlace() {
        assertEquals(List.of("g requestId", "r rateLimit:5", "g auth:A", "r maxConcurrent"),
                chain(global("requestId", "rateLimit:100", "auth:A"), "maxConcurrent", "rateLimit:5"));
    }

    @Test
    void aDisabledEntryRemovesTheGlobalFilterOfItsType() {
        assertEquals(List.of("g requestId", "g auth:A"), chain(global("requestId", "accessLog", "auth:A"), "accessLog!"));
    }

    @Test
    void theDocumentedExample() {
        List<String> built = new ArrayList<>();
        assertEquals(List.of("g requestId", "r rateLimit:5", "r auth:B", "r maxConcurrent"),
                chain(built, global("requestId", "accessLog", "rateLimit:100", "auth:A"),
                        "auth:B", "rateLimit:5", "maxConcurrent", "accessLog!"));
        assertEquals(List.of("rateLimit:5", "auth:B", "maxConcurrent"), built, "each built once, in chain order");
    }

    @Test
    void everyGlobalFilterOfATypeGivesWayAtTheFirstOnesPlace() {
        assertEquals(List.of("r rateLimit:route-a", "r rateLimit:route-b", "g requestId"),
                chain(global("rateLimit:client", "requestId", "rateLimit:global"), "rateLimit:route-a",
                        "rateLimit:route-b"));
        assertEquals(List.of("g requestId"), chain(global("rateLimit:client", "requestId", "rateLimit:global"),
                "rateLimit!"));
    }

    @Test
    void misuseFailsLoudly() {
        assertThrows(IllegalArgumentException.class, () -> chain(global("requestId"), "auth!"));
        assertThrows(IllegalArgumentException.class,
                () -> FilterPrecedence.routeChain(entries("requestId"), List.of(), List.of(), c -> c));
    }
}
