package io.flowstate.harness.buckets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches {@code GET /metrics} from a FlowState admin listener on loopback and reads
 * {@code flowstate_request_duration_seconds} from it (the name is core's
 * {@code MetricNames.REQUEST_DURATION}; docs/metrics.md).
 *
 * <p>Contract: one instance per proxy process; {@link #requestDuration()} may be called from any
 * thread, takes a few milliseconds of the proxy's admin listener (which runs beside the proxy's
 * own, on every engine), and throws {@link IOException} when the proxy does not answer 200 within
 * {@link #TIMEOUT}.
 */
public final class MetricsScrape {
    /** The histogram read: every request's time from its head read to its response complete. */
    public static final String REQUEST_DURATION = "flowstate_request_duration_seconds";
    /** How long a scrape may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI uri;

    public MetricsScrape(int adminPort) {
        this.uri = URI.create("http://127.0.0.1:" + adminPort + "/metrics");
    }

    /** The request-duration histogram now, summed over routes. */
    public BucketHistogram requestDuration() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode());
        }
        try {
            return PrometheusText.histogram(r.body(), REQUEST_DURATION);
        } catch (IllegalArgumentException e) {
            throw new IOException(uri + ": " + e.getMessage(), e);
        }
    }
}
