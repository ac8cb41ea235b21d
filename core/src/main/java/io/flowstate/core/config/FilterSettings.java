package io.flowstate.core.config;

/**
 * The checked options of one filter, typed. The filter type's reader makes them while the
 * config is loaded ({@link FilterTypes}) and {@code io.flowstate.core.filter.FilterFactory}
 * builds the filter from them alone, so what was validated and what is built cannot differ.
 * A type that takes no options has {@link #NONE}.
 */
public sealed interface FilterSettings permits FilterSettings.None, RateLimitSettings, MaxConcurrentSettings,
        AuthSettings, AccessLogSettings, FilterSettings.Disabled {

    /** The settings of every filter type that takes no options. */
    None NONE = new None();

    /** The settings of a route's {@code {"type": ..., "disabled": true}} entry. */
    Disabled DISABLED = new Disabled();

    /** No options. */
    record None() implements FilterSettings {
    }

    /**
     * Not a filter: the entry removes the global filter of its type from the route's chain
     * ({@code io.flowstate.core.filter.FilterPrecedence}). Only in a route's filters.
     */
    record Disabled() implements FilterSettings {
    }
}
