package io.flowstate.core.config;

import java.util.Collection;
import java.util.TreeSet;

/** Rules for user-chosen names (pools, routes), which end up in logs and metric labels, and for HTTP tokens. */
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

    /** Whether {@code s} is an RFC 9110 section 5.6.2 token (a method, a field name): one or more tchar. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** The names sorted and comma-separated, or "none". */
    static String list(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }
}
