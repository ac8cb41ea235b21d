package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonValue;
import java.math.BigDecimal;
import java.nio.file.Path;

/** Reads the options of a {@code rateLimit} filter into {@link RateLimitSettings}. */
final class RateLimitReader {
    private static final String HEADER_PREFIX = "header:";

    private RateLimitReader() {
    }

    /** The settings, or null with problems recorded. */
    static FilterSettings read(Fields f, Problems problems, Path baseDir) {
        int before = problems.count();
        BigDecimal rate = f.require("rate") ? rate(f.get("rate"), f.path("rate"), problems) : null;
        Long burst = f.integer("burst", 1, RateLimitSettings.MAX_BURST, "between 1 and " + RateLimitSettings.MAX_BURST);
        RateLimitSettings.Key key = f.has("key") ? key(f, problems) : RateLimitSettings.Key.GLOBAL;
        Long maxKeys = f.integer("maxKeys", 1, RateLimitSettings.MAX_KEYS_LIMIT,
                "between 1 and " + RateLimitSettings.MAX_KEYS_LIMIT);
        if (maxKeys != null && key instanceof RateLimitSettings.Key.Global) {
            problems.at(f.get("maxKeys"), f.path("maxKeys"),
                    "applies only to a per-client or per-header key (\"key\": \"client\" or \"header:NAME\")");
        }
        if (problems.count() != before) {
            return null;
        }
        return new RateLimitSettings(rate,
                burst == null ? RateLimitSettings.defaultBurst(rate) : burst.intValue(),
                key,
                maxKeys == null ? RateLimitSettings.DEFAULT_MAX_KEYS : maxKeys.intValue());
    }

    private static BigDecimal rate(JsonValue value, String path, Problems problems) {
        if (!(value instanceof JsonNumber n)) {
            problems.at(value, path, Fields.wrongType("a number", value));
            return null;
        }
        BigDecimal rate;
        try {
            rate = n.decimal();
        } catch (ArithmeticException e) {
            // An exponent beyond BigDecimal's range: far too large, or far too fine, or negative.
            rate = n.text().startsWith("-") ? BigDecimal.ZERO
                    : Double.isInfinite(n.doubleValue()) ? RateLimitSettings.MAX_RATE.add(BigDecimal.ONE)
                    : new BigDecimal("1e-10");
        }
        String problem = null;
        if (rate.signum() <= 0) {
            problem = "must be a positive number";
        } else if (rate.compareTo(RateLimitSettings.MAX_RATE) > 0) {
            problem = "must be at most " + RateLimitSettings.MAX_RATE.toPlainString() + " (requests per second)";
        } else if (rate.stripTrailingZeros().scale() > 3) {
            problem = "must be a multiple of " + RateLimitSettings.MIN_RATE + " (at most 3 decimal places)";
        }
        if (problem != null) {
            problems.at(value, path, problem + ", found " + n.text());
            return null;
        }
        return rate;
    }

    private static RateLimitSettings.Key key(Fields f, Problems problems) {
        String s = f.string("key");
        if (s == null) {
            return null;
        }
        if (s.equals("global")) {
            return RateLimitSettings.Key.GLOBAL;
        }
        if (s.equals("client")) {
            return RateLimitSettings.Key.CLIENT;
        }
        if (s.startsWith(HEADER_PREFIX) && Names.isToken(s.substring(HEADER_PREFIX.length()))) {
            return new RateLimitSettings.Key.Header(s.substring(HEADER_PREFIX.length()));
        }
        String problem = s.startsWith(HEADER_PREFIX)
                ? "header name " + Json.quote(s.substring(HEADER_PREFIX.length())) + " is not a field name (RFC 9110 5.1)"
                : "must be \"global\", \"client\" or \"header:NAME\", found " + Json.quote(s);
        problems.at(f.get("key"), f.path("key"), problem);
        return null;
    }
}
