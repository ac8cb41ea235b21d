package io.flowstate.harness.backend;

import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.spec.SpecJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One change in a run's timeline: at {@code at} after the timeline starts, the members of
 * {@code change} are applied to {@code backend}'s behaviour <em>as it is at that moment</em>
 * ({@link Behaviour#parse} with the current behaviour as base), so keys not named keep whatever
 * earlier events or {@link TestBackends#apply} left.
 *
 * <p>JSON, as {@link #parse} reads it:
 * <pre>
 * [{"at": "10s", "backend": "b2", "set": {"latency": {"fixed": "200ms"}}},
 *  {"at": "20s", "backend": "b3", "set": {"mode": "refuse"}}]
 * </pre>
 *
 * @param at      when, from the start of the timeline; not negative
 * @param backend the backend's name
 * @param change  a partial behaviour object (the {@code set} member)
 */
public record TimelineEvent(Duration at, String backend, JsonValue change) {

    /** The keys of one event object. */
    public static final List<String> KEYS = List.of("at", "backend", "set");

    /** @throws IllegalArgumentException if {@code at} is negative */
    public TimelineEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(change, "change");
        if (at.isNegative()) {
            throw new IllegalArgumentException("timeline event time must not be negative: " + at);
        }
    }

    /**
     * Reads a timeline: an array of event objects, kept in the written order. Each {@code set} is
     * checked here against {@link Behaviour#DEFAULT}, so an unknown key or bad value fails now,
     * not in the middle of a run; whether each backend exists is checked by
     * {@link TestBackends#schedule}.
     *
     * @param path where {@code array} is in its document, e.g. {@code timeline}
     * @throws IllegalArgumentException naming the JSON path of the first problem, e.g.
     *                                  {@code timeline[1].set.mode: unknown mode "dead"; ... at 7:40}
     */
    public static List<TimelineEvent> parse(JsonValue array, String path) {
        if (!(array instanceof JsonArray a)) {
            throw SpecJson.error(path, array, "expected an array of events, found " + array.typeName());
        }
        List<TimelineEvent> events = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            String at = SpecJson.index(path, i);
            JsonObject o = SpecJson.object(a.get(i), at);
            SpecJson.onlyKeys(o, at, KEYS);
            Duration when = SpecJson.duration(SpecJson.required(o, at, "at"), SpecJson.key(at, "at"));
            String backend = SpecJson.string(SpecJson.required(o, at, "backend"), SpecJson.key(at, "backend"));
            JsonValue set = SpecJson.required(o, at, "set");
            Behaviour.parse(set, SpecJson.key(at, "set"), Behaviour.DEFAULT);
            events.add(new TimelineEvent(when, backend, set));
        }
        return List.copyOf(events);
    }
}
