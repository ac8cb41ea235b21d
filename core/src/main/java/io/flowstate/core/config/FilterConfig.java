package io.flowstate.core.config;

import io.flowstate.core.json.JsonObject;
import java.util.Objects;

/**
 * One filter in a chain. JSON: {@code {"type": "requestId", ...options}}.
 *
 * @param type    a known filter type (validated by the loader)
 * @param options the filter's object exactly as written, {@code "type"} included; the filter reads
 *                its own options from it
 */
public record FilterConfig(String type, JsonObject options) {

    public FilterConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
    }
}
