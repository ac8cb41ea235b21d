package io.flowstate.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that {@code accessLog} entries writing to the same place (one file, or standard
 * output) agree on {@code queueSize}: they share one queue and one writer at run time
 * ({@code io.flowstate.core.filter.AccessLogs}), which has one size.
 */
final class AccessLogTargets {
    private AccessLogTargets() {
    }

    /** The first entry seen for a target, and where it is. */
    private record First(String path, int queueSize) {
    }

    /** Records a problem for each entry whose queueSize differs from the first entry of its target. */
    static void check(List<FilterConfig> global, List<RouteConfig> routes, Problems problems) {
        Map<Object, First> seen = new HashMap<>();
        check(global, "filters", seen, problems);
        for (int r = 0; r < routes.size(); r++) {
            check(routes.get(r).filters(), Paths.key(Paths.index("routes", r), "filters"), seen, problems);
        }
    }

    private static void check(List<FilterConfig> filters, String path, Map<Object, First> seen, Problems problems) {
        for (int i = 0; i < filters.size(); i++) {
            if (!(filters.get(i).settings() instanceof AccessLogSettings s)) {
                continue;
            }
            String at = Paths.index(path, i);
            Object target = s.stdout() ? (Object) "stdout" : s.path();
            First first = seen.putIfAbsent(target, new First(at, s.queueSize()));
            if (first == null || first.queueSize() == s.queueSize()) {
                continue;
            }
            var options = filters.get(i).options();
            String where = s.stdout() ? "standard output" : "the same file";
            String message = "must equal the queueSize of " + first.path() + " (" + first.queueSize()
                    + "), which also writes to " + where + ": they share one queue";
            if (options.has("queueSize")) {
                problems.at(options.get("queueSize"), Paths.key(at, "queueSize"), message);
            } else {
                problems.at(options, Paths.key(at, "queueSize"), "is " + s.queueSize() + " by default and " + message);
            }
        }
    }
}
