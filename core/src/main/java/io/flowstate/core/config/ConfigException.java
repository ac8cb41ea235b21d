package io.flowstate.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config was rejected. Carries every problem found, sorted by line then column; the message
 * is one {@link ConfigError} per line.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    /** @param errors at least one */
    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** Every problem, sorted by line then column; unmodifiable. */
    public List<ConfigError> errors() {
        return errors;
    }
}
