/**
 * Probes of one proxy process that a throughput scenario does not measure: what an idle
 * keep-alive connection costs in resident memory ({@link IdleConnections}), and how fast
 * large bodies stream through it and what that costs ({@link BigBodies}). Each is a main
 * class that harness/scripts/engine-probes.sh runs against FlowState's engines and nginx.
 */
package io.flowstate.harness.probe;
