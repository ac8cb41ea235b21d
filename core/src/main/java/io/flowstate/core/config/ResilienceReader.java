package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonValue;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a pool's {@code "health"}, {@code "retry"} and {@code "circuitBreaker"}. Every key
 * is optional and takes the default its record documents; a wrong value is a problem at its
 * path, and the part it belongs to is then null.
 */
final class ResilienceReader {
    private static final List<String> HEALTH_KEYS = List.of("active", "passive", "outlier", "ejection", "panic");
    private static final List<String> ACTIVE_KEYS = List.of("path", "interval", "timeout", "expectedStatus",
            "healthyThreshold", "unhealthyThreshold", "initial");
    private static final List<String> PASSIVE_KEYS = List.of("consecutiveFailures", "include5xx");
    private static final List<String> OUTLIER_KEYS = List.of("consecutive5xx", "consecutiveGatewayFailures",
            "interval", "successRate", "latency");
    private static final List<String> SUCCESS_RATE_KEYS = List.of("minimumHosts", "requestVolume", "stdevFactor");
    private static final List<String> LATENCY_KEYS = List.of("quantile", "factor", "minimum", "minimumHosts",
            "requestVolume");
    private static final List<String> EJECTION_KEYS = List.of("base", "max", "maxPercent");
    private static final List<String> PANIC_KEYS = List.of("threshold", "mode", "cooldown");
    private static final List<String> RETRY_KEYS = List.of("attempts", "on", "statuses", "perTryTimeout", "backoff",
            "budget", "bufferBytes");
    private static final List<String> RETRY_ON = List.of("connect-failure", "reset", "timeout");
    private static final List<String> BACKOFF_KEYS = List.of("base", "max");
    private static final List<String> BUDGET_KEYS = List.of("percent", "minConcurrency");
    private static final List<String> BREAKER_KEYS = List.of("window", "failureRatio", "minimumRequests", "openFor",
            "halfOpenRequests", "maxConcurrent");
    private static final int MAX_COUNT = 1_000_000;

    private final Problems problems;

    ResilienceReader(Problems problems) {
        this.problems = problems;
    }

    HealthConfig health(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, HEALTH_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        ActiveCheckConfig active = f.has("active") ? active(f.get("active"), f.path("active")) : null;
        PassiveConfig passive = f.has("passive") ? passive(f.get("passive"), f.path("passive")) : PassiveConfig.DEFAULT;
        OutlierConfig outlier = f.has("outlier") ? outlier(f.get("outlier"), f.path("outlier")) : OutlierConfig.OFF;
        EjectionConfig ejection = f.has("ejection") ? ejection(f.get("ejection"), f.path("ejection"))
                : EjectionConfig.DEFAULT;
        PanicConfig panic = f.has("panic") ? panic(f.get("panic"), f.path("panic")) : PanicConfig.DEFAULT;
        if (problems.count() != before) {
            return null;
        }
        return new HealthConfig(active, passive, outlier, ejection, panic);
    }

    private ActiveCheckConfig active(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, ACTIVE_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        String probePath = f.has("path") ? f.string("path") : ActiveCheckConfig.DEFAULT_PATH;
        if (probePath != null && (!probePath.startsWith("/") || !probePath.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            problems.at(f.get("path"), f.path("path"), "must start with \"/\" and hold no spaces or control characters");
        }
        Duration interval = duration(f, "interval", ActiveCheckConfig.DEFAULT_INTERVAL);
        Duration timeout = duration(f, "timeout", ActiveCheckConfig.DEFAULT_TIMEOUT);
        if (interval != null && timeout != null && timeout.compareTo(interval) > 0) {
            problems.at(f.has("timeout") ? f.get("timeout") : f.object(), f.path("timeout"),
                    "must be at most the interval " + Durations.format(interval));
        }
        int[] range = f.has("expectedStatus") ? statusRange(f) : new int[] {200, 399};
        int healthy = count(f, "healthyThreshold", 1, ActiveCheckConfig.MAX_THRESHOLD,
                ActiveCheckConfig.DEFAULT_HEALTHY_THRESHOLD);
        int unhealthy = count(f, "unhealthyThreshold", 1, ActiveCheckConfig.MAX_THRESHOLD,
                ActiveCheckConfig.DEFAULT_UNHEALTHY_THRESHOLD);
        Boolean startHealthy = choice(f, "initial", "healthy", "unhealthy", true);
        if (problems.count() != before) {
            return null;
        }
        return new ActiveCheckConfig(probePath, interval, timeout, range[0], range[1], healthy, unhealthy, startHealthy);
    }

    /** {@code "200"} or {@code "200-399"}, statuses 100 to 599. */
    private int[] statusRange(Fields f) {
        String s = f.string("expectedStatus");
        if (s == null) {
            return null;
        }
        String[] parts = s.split("-", -1);
        try {
            int lo = Integer.parseInt(parts[0].strip());
            int hi = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : lo;
            if (parts.length <= 2 && lo >= 100 && hi <= 599 && lo <= hi) {
                return new int[] {lo, hi};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.at(f.get("expectedStatus"), f.path("expectedStatus"),
                "expected a status or a range of statuses from 100 to 599, e.g. \"200\" or \"200-399\", found "
                        + Json.quote(s));
        return null;
    }

    private PassiveConfig passive(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, PASSIVE_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        int failures = count(f, "consecutiveFailures", 0, MAX_COUNT, PassiveConfig.DEFAULT_CONSECUTIVE_FAILURES);
        Boolean include5xx = f.bool("include5xx");
        if (problems.count() != before) {
            return null;
        }
        return new PassiveConfig(failures, Boolean.TRUE.equals(include5xx));
    }

    private OutlierConfig outlier(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, OUTLIER_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        int c5xx = count(f, "consecutive5xx", 0, MAX_COUNT, OutlierConfig.DEFAULT_CONSECUTIVE_5XX);
        int gateway = count(f, "consecutiveGatewayFailures", 0, MAX_COUNT,
                OutlierConfig.DEFAULT_CONSECUTIVE_GATEWAY_FAILURES);
        Duration interval = duration(f, "interval", OutlierConfig.DEFAULT_INTERVAL);
        OutlierConfig.SuccessRate rate = f.has("successRate")
                ? successRate(f.get("successRate"), f.path("successRate")) : OutlierConfig.SuccessRate.OFF;
        OutlierConfig.Latency latency = f.has("latency")
                ? latency(f.get("latency"), f.path("latency")) : OutlierConfig.Latency.OFF;
        if (problems.count() != before) {
            return null;
        }
        return new OutlierConfig(c5xx, gateway, interval, rate, latency);
    }

    private OutlierConfig.SuccessRate successRate(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, SUCCESS_RATE_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        OutlierConfig.SuccessRate d = OutlierConfig.SuccessRate.DEFAULT;
        int hosts = count(f, "minimumHosts", 1, MAX_COUNT, d.minimumHosts());
        int volume = count(f, "requestVolume", 1, MAX_COUNT, d.requestVolume());
        Double factor = f.number("stdevFactor", 0, true, 100, "greater than 0 and at most 100");
        if (problems.count() != before) {
            return null;
        }
        return new OutlierConfig.SuccessRate(hosts, volume, factor == null ? d.stdevFactor() : factor);
    }

    private OutlierConfig.Latency latency(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, LATENCY_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        OutlierConfig.Latency d = OutlierConfig.Latency.DEFAULT;
        Double quantile = f.number("quantile", 0, true, 1, "greater than 0 and at most 1");
        Double factor = f.number("factor", 1, true, 1000, "greater than 1 and at most 1000");
        Duration minimum = duration(f, "minimum", d.minimum());
        int hosts = count(f, "minimumHosts", 2, MAX_COUNT, d.minimumHosts());
        int volume = count(f, "requestVolume", 1, MAX_COUNT, d.requestVolume());
        if (problems.count() != before) {
            return null;
        }
        return new OutlierConfig.Latency(quantile == null ? d.quantile() : quantile,
                factor == null ? d.factor() : factor, minimum, hosts, volume);
    }

    private EjectionConfig ejection(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, EJECTION_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        Duration base = duration(f, "base", EjectionConfig.DEFAULT_BASE);
        Duration max = duration(f, "max", EjectionConfig.DEFAULT_MAX);
        if (base != null && max != null && max.compareTo(base) < 0) {
            problems.at(f.has("max") ? f.get("max") : f.object(), f.path("max"),
                    "must be at least the base " + Durations.format(base));
        }
        int percent = count(f, "maxPercent", 1, 100, EjectionConfig.DEFAULT_MAX_PERCENT);
        if (problems.count() != before) {
            return null;
        }
        return new EjectionConfig(base, max, percent);
    }

    private PanicConfig panic(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, PANIC_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        int threshold = count(f, "threshold", 0, 100, PanicConfig.DEFAULT_THRESHOLD_PERCENT);
        Boolean open = choice(f, "mode", "open", "closed", true);
        Duration cooldown = duration(f, "cooldown", PanicConfig.DEFAULT_COOLDOWN);
        if (problems.count() != before) {
            return null;
        }
        return new PanicConfig(threshold, open, cooldown);
    }

    RetryConfig retry(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, RETRY_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        RetryConfig d = RetryConfig.DEFAULT;
        int attempts = count(f, "attempts", 1, RetryConfig.MAX_ATTEMPTS, d.attempts());
        Set<String> on = f.has("on") ? retryOn(f) : Set.copyOf(RETRY_ON);
        Set<Integer> statuses = f.has("statuses") ? statuses(f) : d.statuses();
        Duration perTry = f.has("perTryTimeout") ? f.positiveDuration("perTryTimeout") : null;
        Duration backoffBase = d.backoffBase();
        Duration backoffMax = d.backoffMax();
        if (f.has("backoff")) {
            Fields b = Fields.of(f.get("backoff"), f.path("backoff"), problems, BACKOFF_KEYS);
            if (b != null) {
                backoffBase = duration(b, "base", d.backoffBase());
                backoffMax = duration(b, "max", d.backoffMax());
                if (backoffBase != null && backoffMax != null && backoffMax.compareTo(backoffBase) < 0) {
                    problems.at(b.has("max") ? b.get("max") : b.object(), b.path("max"),
                            "must be at least the base " + Durations.format(backoffBase));
                }
            }
        }
        int percent = d.budgetPercent();
        int minConcurrency = d.minRetryConcurrency();
        if (f.has("budget")) {
            Fields b = Fields.of(f.get("budget"), f.path("budget"), problems, BUDGET_KEYS);
            if (b != null) {
                percent = count(b, "percent", 0, 100, d.budgetPercent());
                minConcurrency = count(b, "minConcurrency", 0, MAX_COUNT, d.minRetryConcurrency());
            }
        }
        Long buffer = f.integer("bufferBytes", 0, Integer.MAX_VALUE, "between 0 and " + Integer.MAX_VALUE);
        if (problems.count() != before || on == null || statuses == null) {
            return null;
        }
        return new RetryConfig(attempts, on.contains("connect-failure"), on.contains("reset"), on.contains("timeout"),
                statuses, perTry, backoffBase, backoffMax, percent, minConcurrency,
                buffer == null ? d.bufferBytes() : buffer);
    }

    private Set<String> retryOn(Fields f) {
        JsonArray array = f.array("on");
        if (array == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String p = Paths.index(f.path("on"), i);
            String s = Fields.string(array.get(i), p, problems);
            if (s != null && !RETRY_ON.contains(s)) {
                problems.at(array.get(i), p, "unknown retry condition " + Json.quote(s) + "; expected one of "
                        + String.join(", ", RETRY_ON));
            } else if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private Set<Integer> statuses(Fields f) {
        JsonArray array = f.array("statuses");
        if (array == null) {
            return null;
        }
        Set<Integer> out = new LinkedHashSet<>();
        int before = problems.count();
        for (int i = 0; i < array.size(); i++) {
            JsonValue v = array.get(i);
            String p = Paths.index(f.path("statuses"), i);
            if (v instanceof JsonNumber n && n.isInteger() && n.doubleValue() >= 500 && n.doubleValue() <= 599) {
                out.add((int) n.longValue());
            } else {
                problems.at(v, p, "expected a 5xx status (500 to 599), found " + (v instanceof JsonNumber n
                        ? n.text() : v.typeName()));
            }
        }
        return problems.count() == before ? out : null;
    }

    BreakerConfig breaker(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, BREAKER_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        BreakerConfig d = BreakerConfig.DEFAULT;
        Duration window = duration(f, "window", d.window());
        Double ratio = f.number("failureRatio", 0, true, 1, "greater than 0 and at most 1");
        int minimum = count(f, "minimumRequests", 1, MAX_COUNT, d.minimumRequests());
        Duration openFor = duration(f, "openFor", d.openFor());
        int halfOpen = count(f, "halfOpenRequests", 1, MAX_COUNT, d.halfOpenRequests());
        int maxConcurrent = count(f, "maxConcurrent", 0, MAX_COUNT, 0);
        if (problems.count() != before) {
            return null;
        }
        return new BreakerConfig(window, ratio == null ? d.failureRatio() : ratio, minimum, openFor, halfOpen,
                maxConcurrent);
    }

    private Duration duration(Fields f, String key, Duration fallback) {
        return f.has(key) ? f.positiveDuration(key) : fallback;
    }

    /** An integer option; {@code fallback} when absent, 0 (with a problem) when wrong. */
    private int count(Fields f, String key, int min, int max, int fallback) {
        Long v = f.integer(key, min, max, "between " + min + " and " + max);
        return v == null ? fallback : v.intValue();
    }

    /** One of two words: true for {@code yes}, false for {@code no}. */
    private Boolean choice(Fields f, String key, String yes, String no, boolean fallback) {
        if (!f.has(key)) {
            return fallback;
        }
        String s = f.string(key);
        if (s == null) {
            return null;
        }
        if (s.equals(yes) || s.equals(no)) {
            return s.equals(yes);
        }
        problems.at(f.get(key), f.path(key), "expected " + Json.quote(yes) + " or " + Json.quote(no) + ", found "
                + Json.quote(s));
        return null;
    }
}
