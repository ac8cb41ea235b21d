package io.flowstate.core.config;

import io.flowstate.core.json.JsonPosition;
import io.flowstate.core.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found while reading one config document. */
final class Problems {
    private final List<ConfigError> errors = new ArrayList<>();

    /** A problem with {@code value} itself. */
    void at(JsonValue value, String path, String message) {
        errors.add(new ConfigError(path, value.line(), value.column(), message));
    }

    /** A problem located at {@code position} (a key, for unknown keys). */
    void at(JsonPosition position, String path, String message) {
        errors.add(new ConfigError(path, position.line(), position.column(), message));
    }

    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** All problems by line, then column; ties keep the order they were found in. */
    List<ConfigError> sorted() {
        List<ConfigError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return out;
    }
}
