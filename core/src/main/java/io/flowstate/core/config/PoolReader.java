package io.flowstate.core.config;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code "pools"}: pool name to balancer ({@link BalancerReader}) and backends. */
final class PoolReader {
    private static final List<String> POOL_KEYS = List.of("balancer", "backends", "health", "retry", "circuitBreaker");
    private static final List<String> BACKEND_KEYS = List.of("url", "weight");

    private final Set<String> balancers;
    private final Problems problems;

    PoolReader(Set<String> balancers, Problems problems) {
        this.balancers = balancers;
        this.problems = problems;
    }

    /** The valid pools of {@code value} in written order; problems for the rest. */
    Map<String, PoolConfig> read(JsonValue value, String path) {
        Map<String, PoolConfig> out = new LinkedHashMap<>();
        JsonObject pools = Fields.object(value, path, problems);
        if (pools == null) {
            return out;
        }
        for (Map.Entry<String, JsonValue> e : pools.members().entrySet()) {
            String name = e.getKey();
            String poolPath = Paths.key(path, name);
            String nameProblem = Names.check(name);
            if (nameProblem != null) {
                problems.at(pools.keyPosition(name), poolPath, "pool name " + nameProblem);
            }
            PoolConfig pool = pool(name, e.getValue(), poolPath);
            if (pool != null && nameProblem == null) {
                out.put(name, pool);
            }
        }
        return out;
    }

    private PoolConfig pool(String name, JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, POOL_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        BalancerConfig balancer = new BalancerReader(balancers, problems).read(f);
        List<BackendConfig> backends = f.require("backends") ? backends(f) : null;
        ResilienceReader resilience = new ResilienceReader(problems);
        HealthConfig health = f.has("health") ? resilience.health(f.get("health"), f.path("health")) : HealthConfig.DEFAULT;
        RetryConfig retry = f.has("retry") ? resilience.retry(f.get("retry"), f.path("retry")) : RetryConfig.DEFAULT;
        BreakerConfig breaker = f.has("circuitBreaker")
                ? resilience.breaker(f.get("circuitBreaker"), f.path("circuitBreaker")) : null;
        if (problems.count() != before || backends == null) {
            return null;
        }
        return new PoolConfig(name, balancer, backends, health, retry, breaker);
    }

    private List<BackendConfig> backends(Fields f) {
        JsonArray array = f.array("backends");
        if (array == null) {
            return null;
        }
        if (array.size() == 0) {
            problems.at(array, f.path("backends"), "must list at least one backend");
            return null;
        }
        List<BackendConfig> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            BackendConfig b = backend(array.get(i), Paths.index(f.path("backends"), i));
            if (b != null && !keys.add(b.key())) {
                JsonValue url = ((JsonObject) array.get(i)).get("url");
                problems.at(url, Paths.key(Paths.index(f.path("backends"), i), "url"),
                        "duplicate backend " + Json.quote(b.key()) + " in this pool");
            }
            out.add(b);
        }
        return out.contains(null) ? null : out;
    }

    private BackendConfig backend(JsonValue value, String path) {
        Fields f = Fields.of(value, path, problems, BACKEND_KEYS);
        if (f == null) {
            return null;
        }
        int before = problems.count();
        Addresses.HostPort hp = null;
        if (f.require("url")) {
            String url = f.string("url");
            if (url != null) {
                try {
                    hp = Addresses.backendUrl(url);
                } catch (IllegalArgumentException e) {
                    problems.at(f.get("url"), f.path("url"), e.getMessage());
                }
            }
        }
        Long weight = f.integer("weight", BackendConfig.MIN_WEIGHT, BackendConfig.MAX_WEIGHT,
                "between " + BackendConfig.MIN_WEIGHT + " and " + BackendConfig.MAX_WEIGHT);
        if (problems.count() != before || hp == null) {
            return null;
        }
        return new BackendConfig(hp.host(), hp.port(), weight == null ? BackendConfig.DEFAULT_WEIGHT : weight.intValue());
    }
}
