package io.flowstate.harness.scenario;

import io.flowstate.core.config.Durations;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed reads from a scenario document; every failure names the JSON path and position,
 * as the proxy's config errors do, and unknown keys are errors.
 */
final class Specs {
    private Specs() {
    }

    static IllegalArgumentException error(String path, JsonValue at, String message) {
        return new IllegalArgumentException(path + ": " + message + position(at));
    }

    private static String position(JsonValue v) {
        return switch (v) {
            case JsonObject o -> " at " + o.line() + ":" + o.column();
            case JsonArray a -> " at " + a.line() + ":" + a.column();
            case JsonString s -> " at " + s.line() + ":" + s.column();
            case JsonNumber n -> " at " + n.line() + ":" + n.column();
            case JsonBoolean b -> " at " + b.line() + ":" + b.column();
            case null, default -> "";
        };
    }

    static JsonObject object(JsonValue v, String path) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw error(path, v, "expected an object");
    }

    static JsonArray array(JsonValue v, String path) {
        if (v instanceof JsonArray a) {
            return a;
        }
        throw error(path, v, "expected an array");
    }

    static void onlyKeys(JsonObject o, String path, Set<String> allowed) {
        for (String key : o.members().keySet()) {
            if (!allowed.contains(key)) {
                throw error(path + "." + key, o.get(key), "unknown key \"" + key + "\"; expected one of " + allowed);
            }
        }
    }

    static String string(JsonObject o, String key, String path, String fallback) {
        JsonValue v = o.get(key);
        if (v == null) {
            if (fallback == null) {
                throw error(path + "." + key, o, "missing required key \"" + key + "\"");
            }
            return fallback;
        }
        if (v instanceof JsonString s) {
            return s.value();
        }
        throw error(path + "." + key, v, "expected a string");
    }

    static long integer(JsonObject o, String key, String path, long fallback) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof JsonNumber n && n.isInteger()) {
            return n.longValue();
        }
        throw error(path + "." + key, v, "expected a whole number");
    }

    static double number(JsonObject o, String key, String path, double fallback) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof JsonNumber n) {
            return n.doubleValue();
        }
        throw error(path + "." + key, v, "expected a number");
    }

    static boolean bool(JsonObject o, String key, String path, boolean fallback) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof JsonBoolean b) {
            return b.value();
        }
        throw error(path + "." + key, v, "expected true or false");
    }

    static Duration duration(JsonObject o, String key, String path, Duration fallback) {
        JsonValue v = o.get(key);
        if (v == null) {
            if (fallback == null) {
                throw error(path + "." + key, o, "missing required key \"" + key + "\"");
            }
            return fallback;
        }
        if (v instanceof JsonString s) {
            try {
                return Durations.parse(s.value());
            } catch (IllegalArgumentException e) {
                throw error(path + "." + key, v, e.getMessage());
            }
        }
        throw error(path + "." + key, v, "expected a duration such as \"5s\"");
    }

    static List<String> strings(JsonObject o, String key, String path, List<String> fallback) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        JsonArray a = array(v, path + "." + key);
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof JsonString s) {
                out.add(s.value());
            } else {
                throw error(path + "." + key + "[" + i + "]", a.get(i), "expected a string");
            }
        }
        return List.copyOf(out);
    }
}
