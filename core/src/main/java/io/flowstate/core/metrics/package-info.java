/**
 * The metrics FlowState records and exports, JDK only.
 *
 * <ul>
 *   <li>{@link io.flowstate.core.metrics.MetricNames}: every metric's name, type, HELP
 *       and labels, in one place ({@link io.flowstate.core.metrics.MetricSpec} each);</li>
 *   <li>{@link io.flowstate.core.metrics.Metrics}: the registry, and its
 *       {@link io.flowstate.core.metrics.Metrics#disabled() disabled} stand-in. Handles
 *       ({@link io.flowstate.core.metrics.Counter},
 *       {@link io.flowstate.core.metrics.Gauge},
 *       {@link io.flowstate.core.metrics.Histogram}) are resolved once per route,
 *       endpoint and label combination when a config snapshot is built; recording into
 *       them takes no lock and allocates nothing;</li>
 *   <li>{@link io.flowstate.core.metrics.PrometheusText}: the text exposition format
 *       0.0.4, for the admin endpoint;</li>
 *   <li>{@link io.flowstate.core.metrics.Labels} and
 *       {@link io.flowstate.core.metrics.CodeClass}: label names, and the canonical
 *       values that keep label cardinality bounded.</li>
 * </ul>
 *
 * <p>docs/metrics.md lists every metric for operators.
 */
package io.flowstate.core.metrics;
