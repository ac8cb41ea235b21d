/**
 * Fixed-bucket histograms as Prometheus keeps them, and how far their quantiles fall from the
 * exact ones: the proxy's own {@code flowstate_request_duration_seconds} scraped from its admin
 * {@code /metrics} before and after a point, against the harness's HdrHistogram of the same
 * requests.
 */
package io.flowstate.harness.buckets;
