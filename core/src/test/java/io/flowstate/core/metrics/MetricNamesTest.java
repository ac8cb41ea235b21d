package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one list of metric names: complete, unique, and following the conventions. */
class MetricNamesTest {

    /** Every public MetricSpec constant of MetricNames, found by reflection. */
    static List<MetricSpec> declared() throws IllegalAccessException {
        List<MetricSpec> specs = new ArrayList<>();
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == MetricSpec.class) {
                specs.add((MetricSpec) f.get(null));
            }
        }
        return specs;
    }

    @Test
    void allListsEveryConstantOnce() throws IllegalAccessException {
        List<MetricSpec> declared = declared();
        assertEquals(declared.size(), MetricNames.all().size());
        assertEquals(new HashSet<>(declared), new HashSet<>(MetricNames.all()));
    }

    @Test
    void namesAreUniqueAndPrefixed() {
        Set<String> names = new HashSet<>();
        for (MetricSpec s : MetricNames.all()) {
            assertTrue(names.add(s.name()), "twice: " + s.name());
            assertTrue(s.name().startsWith("flowstate_"), s.name());
        }
    }

    @Test
    void unitsAreInTheName() {
        for (MetricSpec s : MetricNames.all()) {
            if (s.type() == MetricType.HISTOGRAM) {
                assertTrue(s.name().endsWith("_seconds"), s.name() + ": durations are in seconds");
            }
            if (s.name().contains("bytes")) {
                assertTrue(s.name().endsWith("_bytes") || s.name().endsWith("_bytes_total"), s.name());
            }
        }
    }

    @Test
    void theAgreedMetricsHaveTheirTypesAndLabels() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("flowstate_requests_total", "counter [route, pool, backend, method, code_class]");
        expected.put("flowstate_requests_in_flight", "gauge [route]");
        expected.put("flowstate_request_duration_seconds", "histogram [route]");
        expected.put("flowstate_upstream_connect_duration_seconds", "histogram [pool, backend]");
        expected.put("flowstate_upstream_ttfb_seconds", "histogram [pool, backend]");
        expected.put("flowstate_upstream_retries_total", "counter [pool, reason]");
        expected.put("flowstate_endpoint_ejections_total", "counter [pool, backend, reason]");
        expected.put("flowstate_endpoint_health_transitions_total", "counter [pool, backend, to]");
        expected.put("flowstate_endpoint_healthy", "gauge [pool, backend]");
        expected.put("flowstate_endpoint_ejected", "gauge [pool, backend]");
        expected.put("flowstate_circuit_breaker_state", "gauge [pool, backend]");
        expected.put("flowstate_endpoint_outstanding_requests", "gauge [pool, backend]");
        expected.put("flowstate_upstream_connections_opened_total", "counter [pool, backend]");
        expected.put("flowstate_upstream_connections_reused_total", "counter [pool, backend]");
        expected.put("flowstate_upstream_connections_idle", "gauge [pool, backend]");
        expected.put("flowstate_rate_limited_total", "counter [route]");
        expected.put("flowstate_rejected_total", "counter [route, reason]");
        expected.put("flowstate_access_log_dropped_total", "counter []");
        expected.put("flowstate_config_reloads_total", "counter [result]");
        expected.put("flowstate_config_last_reload_success_timestamp_seconds", "gauge []");
        Map<String, String> actual = new LinkedHashMap<>();
        for (MetricSpec s : MetricNames.all()) {
            actual.put(s.name(), s.type().text() + " " + s.labelNames());
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        }
    }
}
