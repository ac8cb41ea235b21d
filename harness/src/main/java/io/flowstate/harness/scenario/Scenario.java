package io.flowstate.harness.scenario;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonSyntaxException;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.backend.BackendSpec;
import io.flowstate.harness.backend.Behaviour;
import io.flowstate.harness.backend.TimelineEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One experiment, as a {@code scenarios/NAME.json} file describes it: the test backends and
 * their timeline, what the proxy config adds, which engines, balancers and variants to
 * compare, the load points, the profiles' durations, and the seed. The schema is in
 * {@code docs/harness.md}.
 *
 * @param weights  backend name to weight in the proxy's pool (1 when absent)
 * @param proxy    keys merged into every generated proxy config ({@code timeouts},
 *                 {@code transport}, {@code limits}, {@code filters})
 * @param direct   whether a row sends load straight to the first backend (the physical limit)
 * @param peers    whether nginx and HAProxy rows run when those are installed
 */
public record Scenario(String name, String description, long seed, List<BackendSpec> backends,
                       Map<String, Integer> weights, List<TimelineEvent> timeline, JsonObject proxy,
                       List<Variant> variants, List<String> engines, List<String> balancers,
                       boolean direct, boolean peers, List<LoadPoint> loads, Map<String, Profile> profiles) {

    private static final Set<String> KEYS = Set.of("name", "description", "seed", "backends", "timeline",
            "proxy", "variants", "engines", "balancers", "direct", "peers", "loads", "profiles");
    private static final Set<String> BACKEND_KEYS = Set.of("name", "weight", "behaviour");
    private static final Set<String> PROXY_KEYS = Set.of("timeouts", "transport", "limits", "filters");

    /** How long each load point runs, after how much warm-up. */
    public record Profile(Duration warmup, Duration duration) {
    }

    /**
     * One load point: {@code connections} client connections, closed loop when
     * {@code ratePerSecond} is 0, otherwise open loop at that total rate.
     */
    public record LoadPoint(int connections, double ratePerSecond, boolean keepAlive) {
        public String label() {
            String base = ratePerSecond > 0
                    ? "open " + (long) ratePerSecond + "/s x" + connections
                    : "closed x" + connections;
            return keepAlive ? base : base + " no-ka";
        }
    }

    /**
     * A named change to the setup compared against the others: proxy config keys merged
     * over the scenario's, and whether clients keep connections alive.
     */
    public record Variant(String name, JsonObject proxy, Boolean clientKeepAlive) {
    }

    public static Scenario load(Path file) throws IOException {
        String text = Files.readString(file);
        JsonValue doc;
        try {
            doc = Json.parse(text);
        } catch (JsonSyntaxException e) {
            throw new IllegalArgumentException(file + ":" + e.line() + ":" + e.column() + ": " + e.reason(), e);
        }
        try {
            return parse(doc);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static Scenario parse(JsonValue doc) {
        JsonObject o = Specs.object(doc, "");
        Specs.onlyKeys(o, "", KEYS);
        String name = Specs.string(o, "name", "", null);
        String description = Specs.string(o, "description", "", "");
        long seed = Specs.integer(o, "seed", "", 1);

        List<BackendSpec> backends = new ArrayList<>();
        Map<String, Integer> weights = new LinkedHashMap<>();
        JsonArray list = Specs.array(o.get("backends"), "backends");
        if (list.size() == 0) {
            throw Specs.error("backends", list, "must list at least one backend");
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "backends[" + i + "]";
            JsonObject b = Specs.object(list.get(i), path);
            Specs.onlyKeys(b, path, BACKEND_KEYS);
            String bname = Specs.string(b, "name", path, null);
            Behaviour behaviour = b.has("behaviour")
                    ? Behaviour.parse(b.get("behaviour"), path + ".behaviour", Behaviour.DEFAULT)
                    : Behaviour.DEFAULT;
            backends.add(new BackendSpec(bname, behaviour));
            weights.put(bname, (int) Specs.integer(b, "weight", path, 1));
        }
        List<TimelineEvent> timeline = o.has("timeline")
                ? TimelineEvent.parse(o.get("timeline"), "timeline") : List.of();

        JsonObject proxy = o.has("proxy") ? Specs.object(o.get("proxy"), "proxy") : new JsonObject(Map.of());
        Specs.onlyKeys(proxy, "proxy", PROXY_KEYS);

        List<Variant> variants = new ArrayList<>();
        if (o.has("variants")) {
            JsonArray vs = Specs.array(o.get("variants"), "variants");
            for (int i = 0; i < vs.size(); i++) {
                String path = "variants[" + i + "]";
                JsonObject v = Specs.object(vs.get(i), path);
                Specs.onlyKeys(v, path, Set.of("name", "proxy", "clientKeepAlive"));
                JsonObject vp = v.has("proxy") ? Specs.object(v.get("proxy"), path + ".proxy") : new JsonObject(Map.of());
                Specs.onlyKeys(vp, path + ".proxy", PROXY_KEYS);
                Boolean ka = v.has("clientKeepAlive") ? Specs.bool(v, "clientKeepAlive", path, true) : null;
                variants.add(new Variant(Specs.string(v, "name", path, null), vp, ka));
            }
        } else {
            variants.add(new Variant("default", new JsonObject(Map.of()), null));
        }

        List<LoadPoint> loads = new ArrayList<>();
        JsonArray ls = Specs.array(o.get("loads"), "loads");
        for (int i = 0; i < ls.size(); i++) {
            String path = "loads[" + i + "]";
            JsonObject l = Specs.object(ls.get(i), path);
            Specs.onlyKeys(l, path, Set.of("connections", "rate", "keepAlive"));
            int connections = (int) Specs.integer(l, "connections", path, 1);
            if (connections < 1) {
                throw Specs.error(path + ".connections", l, "must be at least 1");
            }
            loads.add(new LoadPoint(connections, Specs.number(l, "rate", path, 0), Specs.bool(l, "keepAlive", path, true)));
        }

        Map<String, Profile> profiles = new LinkedHashMap<>();
        profiles.put("quick", new Profile(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        profiles.put("full", new Profile(Duration.ofSeconds(10), Duration.ofSeconds(60)));
        if (o.has("profiles")) {
            JsonObject ps = Specs.object(o.get("profiles"), "profiles");
            for (String key : ps.members().keySet()) {
                String path = "profiles." + key;
                JsonObject p = Specs.object(ps.get(key), path);
                Specs.onlyKeys(p, path, Set.of("warmup", "duration"));
                profiles.put(key, new Profile(Specs.duration(p, "warmup", path, Duration.ZERO),
                        Specs.duration(p, "duration", path, null)));
            }
        }
        return new Scenario(name, description, seed, List.copyOf(backends), java.util.Collections.unmodifiableMap(weights), timeline, proxy,
                List.copyOf(variants), Specs.strings(o, "engines", "", List.of("jdk")),
                Specs.strings(o, "balancers", "", List.of("wrr")), Specs.bool(o, "direct", "", true),
                Specs.bool(o, "peers", "", true), List.copyOf(loads), profiles);
    }

    public Profile profile(String name) {
        Profile p = profiles.get(name);
        if (p == null) {
            throw new IllegalArgumentException("scenario " + this.name + " has no profile \"" + name
                    + "\"; it has " + profiles.keySet());
        }
        return p;
    }
}
