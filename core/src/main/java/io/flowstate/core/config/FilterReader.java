package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** Reads a filter chain: an array of {@code {"type": ..., options}} objects checked against {@link FilterTypes}. */
final class FilterReader {
    private FilterReader() {
    }

    /** The filters of {@code value} (an array), or null when any is wrong. */
    static List<FilterConfig> list(JsonValue value, String path, Problems problems) {
        if (!(value instanceof JsonArray array)) {
            problems.at(value, path, Fields.wrongType("an array", value));
            return null;
        }
        int before = problems.count();
        List<FilterConfig> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            FilterConfig f = filter(array.get(i), Paths.index(path, i), problems);
            if (f != null) {
                out.add(f);
            }
        }
        return problems.count() == before ? out : null;
    }

    private static FilterConfig filter(JsonValue value, String path, Problems problems) {
        JsonObject object = Fields.object(value, path, problems);
        if (object == null) {
            return null;
        }
        String typePath = Paths.key(path, "type");
        if (!object.has("type")) {
            problems.at(object, typePath, "missing required key \"type\"");
            return null;
        }
        String type = Fields.string(object.get("type"), typePath, problems);
        if (type == null) {
            return null;
        }
        List<String> options = FilterTypes.KNOWN.get(type);
        if (options == null) {
            problems.at(object.get("type"), typePath, "unknown filter type " + Json.quote(type) + "; expected one of "
                    + String.join(", ", FilterTypes.KNOWN.keySet()));
            return null;
        }
        boolean ok = true;
        for (String key : object.members().keySet()) {
            if (!key.equals("type") && !options.contains(key)) {
                String expected = options.isEmpty() ? "filter " + Json.quote(type) + " takes no options"
                        : "expected one of type, " + String.join(", ", options);
                problems.at(object.keyPosition(key), Paths.key(path, key), "unknown key " + Json.quote(key) + "; " + expected);
                ok = false;
            }
        }
        return ok ? new FilterConfig(type, object) : null;
    }
}
