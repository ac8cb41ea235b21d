package io.flowstate.core.filter;

import io.flowstate.core.config.FilterConfig;
import io.flowstate.core.spi.Filter;

/**
 * Builds a filter from its config entry. The config loader has already checked the type
 * and its options ({@code io.flowstate.core.config.FilterTypes}); a type known there but
 * not here is a bug and fails loudly.
 */
public final class FilterFactory {
    private FilterFactory() {
    }

    public static Filter create(FilterConfig config) {
        return switch (config.type()) {
            case "requestId" -> new RequestIdFilter();
            case "recovery" -> new RecoveryFilter();
            default -> throw new IllegalStateException("filter type \"" + config.type()
                    + "\" passed validation but has no implementation");
        };
    }
}
