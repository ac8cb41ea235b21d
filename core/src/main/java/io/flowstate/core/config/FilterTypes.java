package io.flowstate.core.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The filter types a config may name, and the option keys each accepts besides {@code "type"}.
 * This is the one table to extend when a filter is added: one line per type.
 */
final class FilterTypes {

    /** Filter type to the option keys it accepts, sorted by type. */
    static final Map<String, List<String>> KNOWN = new TreeMap<>(Map.of(
            "requestId", List.of(),
            "recovery", List.of()
    ));

    private FilterTypes() {
    }
}
