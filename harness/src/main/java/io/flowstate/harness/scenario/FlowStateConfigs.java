package io.flowstate.harness.scenario;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy config a FlowState row runs with: one pool, {@code bench}, over the scenario's
 * backends with their weights and the row's balancer; one catch-all route; an admin listener
 * on loopback for the harness's scrapes of {@code /metrics}; the scenario's
 * {@code proxy} keys, then the variant's, merged over it (objects key by key, arrays
 * replaced). The {@code proxy.pool} object (health, retry, circuitBreaker) is merged into
 * the generated pool the same way.
 */
final class FlowStateConfigs {
    private FlowStateConfigs() {
    }

    /**
     * @param adminPort the admin listener's port on loopback, whose {@code /metrics} the harness
     *                  scrapes before and after each point; 0 for none
     */
    static String write(Scenario scenario, Scenario.Variant variant, String engine, String balancer, int port,
                        int adminPort, List<String> names, List<InetSocketAddress> addresses) {
        JsonObject config = config(scenario, variant, engine, balancer, port, names, addresses);
        if (adminPort == 0) {
            return Json.write(config);
        }
        Map<String, JsonValue> withAdmin = new LinkedHashMap<>();
        config.members().forEach((k, v) -> {
            withAdmin.put(k, v);
            if (k.equals("listen")) {
                withAdmin.put("admin", new JsonString("127.0.0.1:" + adminPort));
            }
        });
        return Json.write(new JsonObject(withAdmin));
    }

    /**
     * The config as a JSON object. {@code transport.keepAlive} and {@code transport.maxIdlePerBackend}
     * are written out with FlowState's defaults ({@link EqualWork}) unless the scenario sets them,
     * so that the config says what the peers are given too.
     */
    static JsonObject config(Scenario scenario, Scenario.Variant variant, String engine, String balancer, int port,
                             List<String> names, List<InetSocketAddress> addresses) {
        Map<String, JsonValue> root = new LinkedHashMap<>();
        root.put("listen", new JsonString("127.0.0.1:" + port));
        root.put("engine", new JsonString(engine));
        Map<String, JsonValue> transport = new LinkedHashMap<>();
        transport.put("keepAlive", new io.flowstate.core.json.JsonBoolean(EqualWork.DEFAULT_KEEP_ALIVE));
        transport.put("maxIdlePerBackend", JsonNumber.of(EqualWork.DEFAULT_IDLE_PER_BACKEND));
        root.put("transport", new JsonObject(transport));
        merge(root, scenario.proxy());
        merge(root, variant.proxy());

        List<JsonValue> backends = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, JsonValue> b = new LinkedHashMap<>();
            b.put("url", new JsonString("http://127.0.0.1:" + addresses.get(i).getPort()));
            b.put("weight", JsonNumber.of(scenario.weights().getOrDefault(names.get(i), 1)));
            backends.add(new JsonObject(b));
        }
        Map<String, JsonValue> pool = new LinkedHashMap<>();
        pool.put("balancer", new JsonString(balancer));
        pool.put("backends", new JsonArray(backends));
        if (root.remove("pool") instanceof JsonObject extra) {
            merge(pool, extra);
        }
        root.put("pools", new JsonObject(Map.of("bench", new JsonObject(pool))));

        Map<String, JsonValue> route = new LinkedHashMap<>();
        route.put("name", new JsonString("all"));
        route.put("path", new JsonString("/"));
        route.put("match", new JsonString("prefix"));
        route.put("pool", new JsonString("bench"));
        root.put("routes", new JsonArray(List.of(new JsonObject(route))));
        return new JsonObject(root);
    }

    /** What the peers must do for a variant of this scenario to do a FlowState row's work. */
    static EqualWork work(Scenario scenario, Scenario.Variant variant) {
        return EqualWork.of(config(scenario, variant, "jdk", "wrr", 1, List.of(), List.of()));
    }

    private static void merge(Map<String, JsonValue> into, JsonObject from) {
        for (Map.Entry<String, JsonValue> e : from.members().entrySet()) {
            JsonValue old = into.get(e.getKey());
            if (old instanceof JsonObject o && e.getValue() instanceof JsonObject n) {
                Map<String, JsonValue> merged = new LinkedHashMap<>(o.members());
                merged.putAll(n.members());
                into.put(e.getKey(), new JsonObject(merged));
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }
}
