package io.flowstate.core.config;

import io.flowstate.core.json.JsonObject;
import java.util.Objects;

/**
 * One filter in a chain. JSON: {@code {"type": "requestId", ...options}}, or in a route's chain
 * {@code {"type": "rateLimit", "disabled": true}} ({@link #disabled()}).
 *
 * @param type     a known filter type (validated by the loader)
 * @param options  the filter's object exactly as written, {@code "type"} included
 * @param settings the options checked and typed by the type's reader; what the filter is built from
 */
public record FilterConfig(String type, JsonObject options, FilterSettings settings) {

    public FilterConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(settings, "settings");
    }

    /** Whether this is a route's {@code {"type": ..., "disabled": true}} entry, which builds no filter. */
    public boolean disabled() {
        return settings instanceof FilterSettings.Disabled;
    }

    /**
     * The type and the settings, never the options as written: those may hold credentials
     * ({@code auth}'s tokens), and settings keep theirs out of their own text.
     */
    @Override
    public String toString() {
        return "FilterConfig[type=" + type + ", settings=" + settings + "]";
    }
}
