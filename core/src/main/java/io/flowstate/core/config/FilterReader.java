package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a filter chain: an array of {@code {"type": ..., options}} objects, each checked against
 * {@link FilterTypes}: first its keys, then its values by the type's own reader.
 */
final class FilterReader {
    private final Problems problems;
    private final Path baseDir;

    /** @param baseDir what relative file paths in filter options are resolved against */
    FilterReader(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** The filters of {@code value} (an array), or null when any is wrong. */
    List<FilterConfig> list(JsonValue value, String path) {
        if (!(value instanceof JsonArray array)) {
            problems.at(value, path, Fields.wrongType("an array", value));
            return null;
        }
        int before = problems.count();
        List<FilterConfig> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            FilterConfig f = filter(array.get(i), Paths.index(path, i));
            if (f != null) {
                out.add(f);
            }
        }
        return problems.count() == before ? out : null;
    }

    private FilterConfig filter(JsonValue value, String path) {
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
        FilterTypes.FilterType known = FilterTypes.KNOWN.get(type);
        if (known == null) {
            problems.at(object.get("type"), typePath, "unknown filter type " + Json.quote(type) + "; expected one of "
                    + String.join(", ", FilterTypes.KNOWN.keySet()));
            return null;
        }
        List<String> options = known.options();
        boolean ok = true;
        for (String key : object.members().keySet()) {
            if (!key.equals("type") && !options.contains(key)) {
                String expected = options.isEmpty() ? "filter " + Json.quote(type) + " takes no options"
                        : "expected one of type, " + String.join(", ", options);
                problems.at(object.keyPosition(key), Paths.key(path, key), "unknown key " + Json.quote(key) + "; " + expected);
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        List<String> keys = new ArrayList<>(options);
        keys.add("type");
        Fields fields = Fields.of(object, path, problems, keys);  // every key is known by now: no new problem
        int before = problems.count();
        FilterSettings settings = known.reader().read(fields, problems, baseDir);
        if (settings == null || problems.count() != before) {
            if (problems.count() == before) {
                throw new IllegalStateException("the reader of filter type " + type + " refused " + path
                        + " without saying why");
            }
            return null;
        }
        return new FilterConfig(type, object, settings);
    }
}
