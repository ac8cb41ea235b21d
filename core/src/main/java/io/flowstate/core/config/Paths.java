package io.flowstate.core.config;

import io.flowstate.core.json.Json;

/**
 * Builds the JSON paths used in errors: {@code routes[2].pool}, {@code pools.web.backends[0].url}.
 * A key that is not a plain name is bracketed and quoted: {@code pools["my pool"]}.
 */
final class Paths {
    private Paths() {
    }

    static String key(String parent, String key) {
        if (!isPlain(key)) {
            return parent + "[" + Json.quote(key) + "]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    private static boolean isPlain(String key) {
        if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_') || key.charAt(0) > 127) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
