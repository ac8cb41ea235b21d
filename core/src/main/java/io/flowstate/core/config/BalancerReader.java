package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a pool's {@code "balancer"}: a strategy name, or {@code {"type": name, options}} with
 * the options {@link BalancerConfig#OPTIONS} lists for that strategy.
 */
final class BalancerReader {
    private final Set<String> balancers;
    private final Problems problems;

    BalancerReader(Set<String> balancers, Problems problems) {
        this.balancers = balancers;
        this.problems = problems;
    }

    /**
     * The balancer of the pool {@code pool}, or null (with problems recorded) when it is wrong.
     * The default strategy when the pool has no {@code "balancer"} key.
     */
    BalancerConfig read(Fields pool) {
        String path = pool.path("balancer");
        if (!pool.has("balancer")) {
            String type = PoolConfig.DEFAULT_BALANCER;
            if (!balancers.contains(type)) {
                problems.at(pool.object(), path, "the default balancer " + Json.quote(type)
                        + " is not available; available: " + Names.list(balancers));
                return null;
            }
            return BalancerConfig.of(type);
        }
        JsonValue value = pool.get("balancer");
        if (value instanceof JsonString s) {
            return known(s.value(), value, path) ? BalancerConfig.of(s.value()) : null;
        }
        if (value instanceof JsonObject object) {
            return object(object, path);
        }
        problems.at(value, path, Fields.wrongType("a string or an object", value));
        return null;
    }

    private BalancerConfig object(JsonObject object, String path) {
        String typePath = Paths.key(path, "type");
        if (!object.has("type")) {
            problems.at(object, typePath, "missing required key \"type\"");
            return null;
        }
        String type = Fields.string(object.get("type"), typePath, problems);
        if (type == null || !known(type, object.get("type"), typePath)) {
            return null;
        }
        List<String> options = BalancerConfig.options(type);
        int before = problems.count();
        for (String key : object.members().keySet()) {
            if (!key.equals("type") && !options.contains(key)) {
                String expected = options.isEmpty() ? "balancer " + Json.quote(type) + " takes no options"
                        : "expected one of type, " + String.join(", ", options);
                problems.at(object.keyPosition(key), Paths.key(path, key), "unknown key " + Json.quote(key) + "; " + expected);
            }
        }
        if (problems.count() != before) {
            return null;
        }
        List<String> known = new ArrayList<>(options);
        known.add("type");
        Fields f = Fields.of(object, path, problems, known);     // every key is known by now: no new problem
        Double bias = object.has("bias") ? bias(object.get("bias"), Paths.key(path, "bias")) : null;
        Duration decay = object.has("decay") ? decay(f) : null;
        if (problems.count() != before) {
            return null;
        }
        return new BalancerConfig(type,
                bias == null ? BalancerConfig.DEFAULT_BIAS : bias,
                decay == null ? BalancerConfig.DEFAULT_DECAY : decay);
    }

    /** Whether {@code type} is installed; a problem at {@code at} when not. */
    private boolean known(String type, JsonValue at, String path) {
        if (balancers.contains(type)) {
            return true;
        }
        problems.at(at, path, "unknown balancer " + Json.quote(type) + "; available: " + Names.list(balancers));
        return false;
    }

    private Duration decay(Fields f) {
        Duration decay = f.positiveDuration("decay");
        if (decay != null && decay.compareTo(BalancerConfig.MAX_DECAY) > 0) {
            problems.at(f.get("decay"), f.path("decay"), "must be at most " + Durations.format(BalancerConfig.MAX_DECAY)
                    + ", found " + Json.quote(f.string("decay")));
            return null;
        }
        return decay;
    }

    private Double bias(JsonValue value, String path) {
        String range = "a number from " + format(BalancerConfig.MIN_BIAS) + " to " + format(BalancerConfig.MAX_BIAS);
        if (!(value instanceof JsonNumber n)) {
            problems.at(value, path, Fields.wrongType("a number", value));
            return null;
        }
        double bias = n.doubleValue();
        if (!(bias >= BalancerConfig.MIN_BIAS && bias <= BalancerConfig.MAX_BIAS)) {
            problems.at(value, path, "must be " + range + ", found " + n.text());
            return null;
        }
        return bias;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
