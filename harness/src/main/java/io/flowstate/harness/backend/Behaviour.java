package io.flowstate.harness.backend;

import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import io.flowstate.harness.spec.SpecJson;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one test backend does with each request. Immutable; {@link TestBackends#apply} swaps a
 * backend's behaviour for the requests read after the call.
 *
 * @param latency       the delay before each response head (also for {@code /healthz}); default {@link Latency#NONE}
 * @param responseBytes the body length of a normal response, in bytes, 0 to {@link #MAX_RESPONSE_BYTES}; default 100
 * @param chunked       whether normal responses use {@code Transfer-Encoding: chunked} (chunks of at most
 *                      {@link #CHUNK_BYTES}) instead of {@code Content-Length}; error and health responses
 *                      never do; default false
 * @param errorRate     the chance, 0 to 1, that a request in {@link Mode#UP} or {@link Mode#SLOW_BODY} gets
 *                      an error response: one Bernoulli draw per request from the backend's seeded
 *                      generator ({@code /healthz} draws nothing); default 0
 * @param errorStatus   the status of error responses, 400 to 599; default 503
 * @param keepAlive     whether connections stay open after a response; when false every response says
 *                      {@code Connection: close} and the backend closes after it; default true
 * @param mode          how connections and requests are treated; default {@link Mode#UP}
 */
public record Behaviour(Latency latency, int responseBytes, boolean chunked, double errorRate, int errorStatus,
                        boolean keepAlive, Mode mode) {

    /** The largest {@code responseBytes}: 64 MiB (bodies are pre-encoded in memory). */
    public static final int MAX_RESPONSE_BYTES = 64 << 20;

    /** The largest chunk a chunked body is cut into, in bytes. */
    public static final int CHUNK_BYTES = 8192;

    /** No latency, 100 bytes, not chunked, no errors, errors would be 503, keep-alive, {@link Mode#UP}. */
    public static final Behaviour DEFAULT = new Behaviour(Latency.NONE, 100, false, 0, 503, true, Mode.UP);

    /** The JSON keys {@link #parse} knows. */
    public static final List<String> KEYS =
            List.of("latency", "responseBytes", "chunked", "errorRate", "errorStatus", "keepAlive", "mode");

    /** @throws IllegalArgumentException when a value is out of its documented range */
    public Behaviour {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(mode, "mode");
        if (responseBytes < 0 || responseBytes > MAX_RESPONSE_BYTES) {
            throw new IllegalArgumentException("responseBytes must be between 0 and " + MAX_RESPONSE_BYTES
                    + ", found " + responseBytes);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1, found " + errorRate);
        }
        errorRate += 0.0; // -0.0 becomes 0.0, so that equals agrees with what toJson writes
        if (errorStatus < 400 || errorStatus > 599) {
            throw new IllegalArgumentException("errorStatus must be between 400 and 599, found " + errorStatus);
        }
    }

    /**
     * {@code base} with the members of {@code v} applied on top: every key given replaces that
     * field, every key left out keeps {@code base}'s. Keys: {@code latency} (see {@link Latency}),
     * {@code responseBytes}, {@code chunked}, {@code errorRate}, {@code errorStatus},
     * {@code keepAlive}, {@code mode} ({@link Mode#jsonName()}: {@code "up"}, {@code "refuse"},
     * {@code "reset"}, {@code "hang"}, {@code "error"}, {@code "slow-body"}).
     *
     * @param path where {@code v} is in its document, for messages
     * @throws IllegalArgumentException naming the JSON path (and position) of the first problem:
     *                                  an unknown key, a wrong type or a value out of range
     */
    public static Behaviour parse(JsonValue v, String path, Behaviour base) {
        Objects.requireNonNull(base, "base");
        JsonObject o = SpecJson.object(v, path);
        SpecJson.onlyKeys(o, path, KEYS);
        Behaviour b = base;
        for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
            String at = SpecJson.key(path, e.getKey());
            JsonValue value = e.getValue();
            b = switch (e.getKey()) {
                case "latency" -> b.withLatency(Latency.parse(value, at));
                case "responseBytes" -> b.withResponseBytes(SpecJson.integer(value, at, 0, MAX_RESPONSE_BYTES));
                case "chunked" -> b.withChunked(SpecJson.bool(value, at));
                case "errorRate" -> b.withErrorRate(SpecJson.number(value, at, 0, 1));
                case "errorStatus" -> b.withErrorStatus(SpecJson.integer(value, at, 400, 599));
                case "keepAlive" -> b.withKeepAlive(SpecJson.bool(value, at));
                default -> {
                    try {
                        yield b.withMode(Mode.fromJsonName(SpecJson.string(value, at)));
                    } catch (IllegalArgumentException ex) {
                        if (ex.getMessage().startsWith(at)) {
                            throw ex;
                        }
                        throw SpecJson.error(at, value, ex.getMessage());
                    }
                }
            };
        }
        return b;
    }

    /** Every field as JSON that {@link #parse} reads back (over any base) to an equal behaviour. */
    public JsonObject toJson() {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("latency", latency.toJson());
        m.put("responseBytes", JsonNumber.of(responseBytes));
        m.put("chunked", new JsonBoolean(chunked));
        m.put("errorRate", JsonNumber.of(BigDecimal.valueOf(errorRate)));
        m.put("errorStatus", JsonNumber.of(errorStatus));
        m.put("keepAlive", new JsonBoolean(keepAlive));
        m.put("mode", new JsonString(mode.jsonName()));
        return new JsonObject(m);
    }

    public Behaviour withLatency(Latency latency) {
        return new Behaviour(latency, responseBytes, chunked, errorRate, errorStatus, keepAlive, mode);
    }

    public Behaviour withResponseBytes(int responseBytes) {
        return new Behaviour(latency, responseBytes, chunked, errorRate, errorStatus, keepAlive, mode);
    }

    public Behaviour withChunked(boolean chunked) {
        return new Behaviour(latency, responseBytes, chunked, errorRate, errorStatus, keepAlive, mode);
    }

    public Behaviour withErrorRate(double errorRate) {
        return new Behaviour(latency, responseBytes, chunked, errorRate, errorStatus, keepAlive, mode);
    }

    public Behaviour withErrorStatus(int errorStatus) {
        return new Behaviour(latency, responseBytes, chunked, errorRate, errorStatus, keepAlive, mode);
    }

    public Behaviour withKeepAlive(boolean keepAlive) {
        return new Behaviour(latency, responseBytes, chunked, errorRate, errorStatus, keepAlive, mode);
    }

    public Behaviour withMode(Mode mode) {
        return new Behaviour(latency, responseBytes, chunked, errorRate, errorStatus, keepAlive, mode);
    }
}
