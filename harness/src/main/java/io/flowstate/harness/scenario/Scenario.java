package io.flowstate.harness.scenario;

import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonSyntaxException;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.backend.BackendSpec;
import io.flowstate.harness.backend.Behaviour;
import io.flowstate.harness.backend.TimelineEvent;
import io.flowstate.harness.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private static final List<String> KEYS = List.of("name", "description", "seed", "backends", "timeline",
            "proxy", "variants", "engines", "balancers", "direct", "peers", "loads", "profiles");
    private static final List<String> BACKEND_KEYS = List.of("name", "weight", "behaviour");
    private static final List<String> PROXY_KEYS = List.of("timeouts", "transport", "limits", "filters", "pool");

    /**
     * How long each load point runs, after how much warm-up.
     *
     * @param warmup    the shortest warm-up; with {@code warmupMax} equal to it, the warm-up is fixed
     * @param warmupMax the longest: the warm-up lasts until the row has settled ({@link SteadyState}),
     *                  at least {@code warmup}, at most this
     * @param duration  the measured window
     * @param repeats   how many times each point is measured, 1 to {@link #MAX_REPEATS}; the runner
     *                  interleaves the repeats (every target once, then every target again) so that
     *                  drift over the run falls on all targets alike
     */
    public record Profile(Duration warmup, Duration warmupMax, Duration duration, int repeats) {
        /** The most repeats a profile may ask for. */
        public static final int MAX_REPEATS = 100;

        public Profile {
            if (warmupMax.compareTo(warmup) < 0) {
                throw new IllegalArgumentException("warmupMax " + warmupMax + " is shorter than warmup " + warmup);
            }
            if (repeats < 1 || repeats > MAX_REPEATS) {
                throw new IllegalArgumentException("repeats must be 1.." + MAX_REPEATS + ", got " + repeats);
            }
        }

        /** This profile with another number of repeats. */
        public Profile withRepeats(int n) {
            return new Profile(warmup, warmupMax, duration, n);
        }
    }

    /** The profiles every scenario has unless it names them: {@code quick} and {@code full}. */
    public static final Map<String, Profile> DEFAULT_PROFILES = Map.of(
            "quick", new Profile(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5), 1),
            "full", new Profile(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), 3));

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
        JsonObject o = SpecJson.object(doc, "");
        SpecJson.onlyKeys(o, "", KEYS);
        String name = SpecJson.string(SpecJson.required(o, "", "name"), "name");
        String description = o.has("description") ? SpecJson.string(o.get("description"), "description") : "";
        long seed = o.has("seed") ? SpecJson.integer(o.get("seed"), "seed", 0, Integer.MAX_VALUE) : 1;

        List<BackendSpec> backends = new ArrayList<>();
        Map<String, Integer> weights = new LinkedHashMap<>();
        JsonArray list = array(SpecJson.required(o, "", "backends"), "backends");
        if (list.size() == 0) {
            throw SpecJson.error("backends", list, "must list at least one backend");
        }
        for (int i = 0; i < list.size(); i++) {
            String path = SpecJson.index("backends", i);
            JsonObject b = SpecJson.object(list.get(i), path);
            SpecJson.onlyKeys(b, path, BACKEND_KEYS);
            String bname = SpecJson.string(SpecJson.required(b, path, "name"), SpecJson.key(path, "name"));
            Behaviour behaviour = b.has("behaviour")
                    ? Behaviour.parse(b.get("behaviour"), SpecJson.key(path, "behaviour"), Behaviour.DEFAULT)
                    : Behaviour.DEFAULT;
            backends.add(new BackendSpec(bname, behaviour));
            weights.put(bname, b.has("weight") ? SpecJson.integer(b.get("weight"), SpecJson.key(path, "weight"), 1, 1000) : 1);
        }
        List<TimelineEvent> timeline = o.has("timeline") ? TimelineEvent.parse(o.get("timeline"), "timeline") : List.of();
        JsonObject proxy = proxyKeys(o, "");

        List<Variant> variants = new ArrayList<>();
        if (o.has("variants")) {
            JsonArray vs = array(o.get("variants"), "variants");
            for (int i = 0; i < vs.size(); i++) {
                String path = SpecJson.index("variants", i);
                JsonObject v = SpecJson.object(vs.get(i), path);
                SpecJson.onlyKeys(v, path, List.of("name", "proxy", "clientKeepAlive"));
                Boolean keepAlive = v.has("clientKeepAlive")
                        ? SpecJson.bool(v.get("clientKeepAlive"), SpecJson.key(path, "clientKeepAlive")) : null;
                variants.add(new Variant(SpecJson.string(SpecJson.required(v, path, "name"), SpecJson.key(path, "name")),
                        proxyKeys(v, path), keepAlive));
            }
        } else {
            variants.add(new Variant("default", new JsonObject(Map.of()), null));
        }

        List<LoadPoint> loads = new ArrayList<>();
        JsonArray ls = array(SpecJson.required(o, "", "loads"), "loads");
        for (int i = 0; i < ls.size(); i++) {
            String path = SpecJson.index("loads", i);
            JsonObject l = SpecJson.object(ls.get(i), path);
            SpecJson.onlyKeys(l, path, List.of("connections", "rate", "keepAlive"));
            int connections = l.has("connections")
                    ? SpecJson.integer(l.get("connections"), SpecJson.key(path, "connections"), 1, 10_000) : 1;
            double rate = l.has("rate") ? SpecJson.number(l.get("rate"), SpecJson.key(path, "rate"), 0, 1e7) : 0;
            boolean keepAlive = !l.has("keepAlive") || SpecJson.bool(l.get("keepAlive"), SpecJson.key(path, "keepAlive"));
            loads.add(new LoadPoint(connections, rate, keepAlive));
        }

        Map<String, Profile> profiles = new LinkedHashMap<>();
        profiles.put("quick", DEFAULT_PROFILES.get("quick"));
        profiles.put("full", DEFAULT_PROFILES.get("full"));
        if (o.has("profiles")) {
            JsonObject ps = SpecJson.object(o.get("profiles"), "profiles");
            for (String key : ps.members().keySet()) {
                String path = SpecJson.key("profiles", key);
                JsonObject p = SpecJson.object(ps.get(key), path);
                SpecJson.onlyKeys(p, path, List.of("warmup", "warmupMax", "duration", "repeats"));
                Duration warmup = p.has("warmup") ? SpecJson.duration(p.get("warmup"), SpecJson.key(path, "warmup")) : Duration.ZERO;
                Duration warmupMax = p.has("warmupMax")
                        ? SpecJson.duration(p.get("warmupMax"), SpecJson.key(path, "warmupMax")) : warmup;
                if (warmupMax.compareTo(warmup) < 0) {
                    throw SpecJson.error(SpecJson.key(path, "warmupMax"), p.get("warmupMax"),
                            "must be at least warmup (" + warmup.toSeconds() + "s)");
                }
                Duration duration = SpecJson.duration(SpecJson.required(p, path, "duration"), SpecJson.key(path, "duration"));
                int repeats = p.has("repeats")
                        ? SpecJson.integer(p.get("repeats"), SpecJson.key(path, "repeats"), 1, Profile.MAX_REPEATS) : 1;
                profiles.put(key, new Profile(warmup, warmupMax, duration, repeats));
            }
        }
        return new Scenario(name, description, seed, List.copyOf(backends), Collections.unmodifiableMap(weights), timeline,
                proxy, List.copyOf(variants), strings(o, "engines", List.of("jdk")), strings(o, "balancers", List.of("wrr")),
                !o.has("direct") || SpecJson.bool(o.get("direct"), "direct"),
                !o.has("peers") || SpecJson.bool(o.get("peers"), "peers"), List.copyOf(loads), profiles);
    }

    /** The {@code proxy} object of {@code o} (empty when absent), holding only keys a run may set. */
    private static JsonObject proxyKeys(JsonObject o, String path) {
        if (!o.has("proxy")) {
            return new JsonObject(Map.of());
        }
        String at = SpecJson.key(path, "proxy");
        JsonObject proxy = SpecJson.object(o.get("proxy"), at);
        SpecJson.onlyKeys(proxy, at, PROXY_KEYS);
        return proxy;
    }

    private static JsonArray array(JsonValue v, String path) {
        if (v instanceof JsonArray a) {
            return a;
        }
        throw SpecJson.error(path, v, "expected an array, found " + v.typeName());
    }

    private static List<String> strings(JsonObject o, String key, List<String> fallback) {
        if (!o.has(key)) {
            return fallback;
        }
        JsonArray a = array(o.get(key), key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(SpecJson.string(a.get(i), SpecJson.index(key, i)));
        }
        return List.copyOf(out);
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
