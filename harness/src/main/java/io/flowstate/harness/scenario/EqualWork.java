package io.flowstate.harness.scenario;

import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonBoolean;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * What a FlowState row does on each request that the peers (nginx, HAProxy) must do too, read
 * from the row's generated config: whether it keeps connections to the backends alive and how
 * many idle ones it keeps per backend, whether it writes an access log, and which other filters
 * it runs (which the peers do not; the report says so). Every proxy, FlowState or peer, also
 * sets {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}.
 *
 * @param upstreamKeepAlive {@code transport.keepAlive}
 * @param idlePerBackend    {@code transport.maxIdlePerBackend}
 * @param accessLog         whether a global {@code accessLog} filter is on
 * @param otherFilters      the types of the other global filters, in order
 */
public record EqualWork(boolean upstreamKeepAlive, int idlePerBackend, boolean accessLog, List<String> otherFilters) {
    /** FlowState's default {@code transport.keepAlive} (docs/config.md). */
    public static final boolean DEFAULT_KEEP_ALIVE = true;
    /** FlowState's default {@code transport.maxIdlePerBackend} (docs/config.md). */
    public static final int DEFAULT_IDLE_PER_BACKEND = 64;

    public EqualWork {
        otherFilters = List.copyOf(otherFilters);
    }

    /** Read from a generated FlowState config's root object. */
    static EqualWork of(JsonObject config) {
        boolean keepAlive = DEFAULT_KEEP_ALIVE;
        int idle = DEFAULT_IDLE_PER_BACKEND;
        if (config.get("transport") instanceof JsonObject t) {
            if (t.get("keepAlive") instanceof JsonBoolean b) {
                keepAlive = b.value();
            }
            if (t.get("maxIdlePerBackend") instanceof JsonNumber n) {
                idle = n.intValue();
            }
        }
        boolean accessLog = false;
        List<String> others = new ArrayList<>();
        if (config.get("filters") instanceof JsonArray filters) {
            for (JsonValue f : filters.elements()) {
                if (f instanceof JsonObject o && o.get("type") instanceof JsonString type
                        && !(o.get("disabled") instanceof JsonBoolean d && d.value())) {
                    if (type.value().equals("accessLog")) {
                        accessLog = true;
                    } else {
                        others.add(type.value());
                    }
                }
            }
        }
        return new EqualWork(keepAlive, idle, accessLog, others);
    }
}
