/**
 * The harness's load generator: HTTP/1.1 GET load on {@code java.nio}, closed loop (N
 * connections, each sending when its previous response ends) or open loop at a constant rate
 * (wrk2's model, latency corrected for coordinated omission), with per-second HdrHistogram
 * interval logs. Start at {@link io.flowstate.harness.load.LoadGenerator#run}; describe the load
 * with {@link io.flowstate.harness.load.LoadSpec}; read {@link io.flowstate.harness.load.LoadResult}.
 */
package io.flowstate.harness.load;
