package io.flowstate.core.config;

import java.util.Objects;

/**
 * One problem in a config file.
 *
 * @param path    where in the document, e.g. {@code routes[2].pool} or {@code pools.web.backends[0].url};
 *                empty for a JSON syntax error or for the document itself
 * @param line    1-based line of the offending value (of the key, for an unknown key; of the enclosing
 *                object, for a missing key)
 * @param column  1-based column, counted in chars
 * @param message what is wrong, without the path or position
 */
public record ConfigError(String path, int line, int column, String message) {

    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message at line:column}, e.g. {@code routes[2].pool: unknown pool "wbe" at 14:17}. */
    @Override
    public String toString() {
        return (path.isEmpty() ? "" : path + ": ") + message + " at " + line + ":" + column;
    }
}
