package io.flowstate.core.config;

import java.util.Collection;
import java.util.TreeSet;

/** Rules for user-chosen names (pools, routes), which end up in logs and metric labels. */
final class Names {
    static final int MAX_LENGTH = 128;

    private Names() {
    }

    /** Null when {@code name} is fine, else what is wrong with it ("must not be empty"). */
    static String check(String name) {
        if (name.isBlank()) {
            return "must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " chars";
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    /** The names sorted and comma-separated, or "none". */
    static String list(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }
}
