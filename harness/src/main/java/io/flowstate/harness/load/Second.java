package io.flowstate.harness.load;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One measured second of a run, for throughput-over-time and share-over-time charts.
 *
 * <p>Events are counted in the second in which the generator observed them, and only for
 * requests of the measured phase (warm-up requests that end late are in no second). The last
 * second also holds what ended while in-flight requests drained, so it can span more than a
 * second. Summed over {@link LoadResult#timeline()}, {@code completed}, {@code errors},
 * {@code statusErrors} and {@code backendCounts} equal the run's totals.
 *
 * @param index         0 for the first second after the warm-up
 * @param completed     responses completed in this second (5xx included)
 * @param errors        requests that ended in this second without a response: connect, timeout
 *                      and reset errors, as {@link LoadResult#errors()}
 * @param backendCounts completed responses per {@code X-Backend} value ({@code "-"} when absent),
 *                      sorted by name
 * @param p99Micros     the 99th percentile of corrected latency in microseconds of the responses
 *                      completed in this second; 0 when there were none
 * @param statusErrors  completed responses with status 500 or above in this second
 */
public record Second(int index, long completed, long errors, Map<String, Long> backendCounts, long p99Micros,
                     long statusErrors) {

    /** Copies {@code backendCounts} into an unmodifiable map sorted by name. */
    public Second {
        backendCounts = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(backendCounts, "backendCounts")));
    }

    /** A second without 5xx responses (or whose 5xx responses are not known). */
    public Second(int index, long completed, long errors, Map<String, Long> backendCounts, long p99Micros) {
        this(index, completed, errors, backendCounts, p99Micros, 0);
    }
}
