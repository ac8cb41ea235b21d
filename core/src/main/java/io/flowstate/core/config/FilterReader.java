package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a filter chain: an array of {@code {"type": ..., options}} objects, each checked against
 * {@link FilterTypes}: first its keys, then its values by the type's own reader. A route's chain
 * may also hold {@code {"type": ..., "disabled": true}} entries, which remove the global filter
 * of that type from the route ({@code docs/filters.md#precedence}).
 */
final class FilterReader {
    static final String DISABLED = "disabled";

    private final Problems problems;
    private final Path baseDir;

    /** @param baseDir what relative file paths in filter options are resolved against */
    FilterReader(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** The global filters of {@code value} (an array), or null when any is wrong. */
    List<FilterConfig> list(JsonValue value, String path) {
        return list(value, path, false, null);
    }

    /**
     * A route's filters, or null when any is wrong. Besides what {@link #list} checks: a
     * {@code disabled} entry must name a type among {@code globalTypes} and take no option, and
     * a type may not be both disabled and listed, nor disabled twice.
     *
     * @param globalTypes the types of the global filters; null when those could not be read,
     *                    so that disabled entries are not blamed for it
     */
    List<FilterConfig> routeList(JsonValue value, String path, Set<String> globalTypes) {
        return list(value, path, true, globalTypes);
    }

    private List<FilterConfig> list(JsonValue value, String path, boolean route, Set<String> globalTypes) {
        if (!(value instanceof JsonArray array)) {
            problems.at(value, path, Fields.wrongType("an array", value));
            return null;
        }
        int before = problems.count();
        List<FilterConfig> out = new ArrayList<>();
        Map<String, Integer> disabledAt = new HashMap<>();
        Map<String, Integer> listedAt = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String at = Paths.index(path, i);
            FilterConfig f = filter(array.get(i), at, route, globalTypes);
            if (f == null) {
                continue;
            }
            out.add(f);
            Integer disabled = disabledAt.get(f.type());
            Integer listed = listedAt.get(f.type());
            String problem = null;
            if (f.disabled() && disabled != null) {
                problem = Json.quote(f.type()) + " is already disabled by " + Paths.index(path, disabled);
            } else if (f.disabled() && listed != null || !f.disabled() && disabled != null) {
                problem = Json.quote(f.type()) + " is both listed and disabled in this route ("
                        + Paths.index(path, f.disabled() ? listed : disabled)
                        + "); a route replaces a global filter or disables it, not both";
            }
            if (problem != null) {
                problems.at(f.options().get("type"), Paths.key(at, "type"), problem);
            }
            (f.disabled() ? disabledAt : listedAt).putIfAbsent(f.type(), i);
        }
        return problems.count() == before ? out : null;
    }

    private FilterConfig filter(JsonValue value, String path, boolean route, Set<String> globalTypes) {
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
        if (object.has(DISABLED)) {
            return disabled(object, path, type, route, globalTypes);
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

    /** {@code {"type": T, "disabled": true}}: in a route, removes the global filter of type T. */
    private FilterConfig disabled(JsonObject object, String path, String type, boolean route, Set<String> globalTypes) {
        String flagPath = Paths.key(path, DISABLED);
        if (!route) {
            problems.at(object.keyPosition(DISABLED), flagPath,
                    "only a route's filters may disable a filter; leave the filter out of the global filters instead");
            return null;
        }
        int before = problems.count();
        JsonValue flag = object.get(DISABLED);
        if (!(flag instanceof JsonBoolean b)) {
            problems.at(flag, flagPath, Fields.wrongType("a boolean", flag));
        } else if (!b.value()) {
            problems.at(flag, flagPath, "must be true; leave \"disabled\" out to use the filter");
        }
        for (String key : object.members().keySet()) {
            if (!key.equals("type") && !key.equals(DISABLED)) {
                problems.at(object.keyPosition(key), Paths.key(path, key), "unknown key " + Json.quote(key)
                        + "; a disabled filter takes no options, only type and disabled");
            }
        }
        if (globalTypes != null && !globalTypes.contains(type)) {
            problems.at(object.get("type"), Paths.key(path, "type"), "no global filter of type " + Json.quote(type)
                    + " to disable; " + (globalTypes.isEmpty() ? "there are no global filters"
                    : "the global filters are " + String.join(", ", new TreeSet<>(globalTypes))));
        }
        return problems.count() == before ? new FilterConfig(type, object, FilterSettings.DISABLED) : null;
    }
}
