package io.flowstate.harness.buckets;

import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A cumulative fixed-bucket histogram, as a Prometheus histogram's {@code _bucket} series hold
 * it: upper bounds in seconds, ascending, the last {@code +Inf}, and for each the number of
 * observations at or below it.
 *
 * <p>{@link #quantile} is Prometheus' {@code histogram_quantile} (promql/quantile.go,
 * {@code bucketQuantile}): find the bucket in which the rank {@code q * count} falls and
 * interpolate linearly between its lower and upper bound, as if the bucket's observations were
 * spread evenly over it. The first bucket's lower bound is 0; a rank in the {@code +Inf}
 * bucket gives the largest finite bound.
 *
 * @param bounds     upper bounds in seconds, strictly ascending, ending with +Inf
 * @param cumulative observations at or below each bound; never decreasing
 */
public record BucketHistogram(double[] bounds, long[] cumulative) {

    public BucketHistogram {
        if (bounds.length != cumulative.length || bounds.length < 2) {
            throw new IllegalArgumentException("need at least two buckets, as many counts as bounds");
        }
        if (bounds[bounds.length - 1] != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the last bucket must be +Inf");
        }
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bounds must ascend: " + Arrays.toString(bounds));
            }
        }
        bounds = bounds.clone();
        cumulative = cumulative.clone();
    }

    /** Observations in all: the {@code +Inf} bucket. */
    public long count() {
        return cumulative[cumulative.length - 1];
    }

    /**
     * What was observed between {@code before} and this: bucket by bucket, this minus
     * {@code before} (both of one series, {@code before} scraped first).
     *
     * @throws IllegalArgumentException when the bounds differ or a count went down (a restart)
     */
    public BucketHistogram minus(BucketHistogram before) {
        if (!Arrays.equals(bounds, before.bounds)) {
            throw new IllegalArgumentException("the two scrapes have different buckets");
        }
        long[] delta = new long[cumulative.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = cumulative[i] - before.cumulative[i];
            if (delta[i] < 0) {
                throw new IllegalArgumentException("a bucket count went down: the proxy restarted between the scrapes");
            }
        }
        return new BucketHistogram(bounds, delta);
    }

    /**
     * The {@code q} quantile in seconds, as {@code histogram_quantile(q, ...)} computes it;
     * NaN when there are no observations.
     *
     * @param q in [0, 1]
     */
    public double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("q must be in [0, 1], got " + q);
        }
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        int b = 0;
        while (b < cumulative.length - 1 && cumulative[b] < rank) {
            b++;                                            // the first bucket holding the rank
        }
        if (b == bounds.length - 1) {
            return bounds[bounds.length - 2];               // in +Inf: the largest finite bound
        }
        if (b == 0 && bounds[0] <= 0) {
            return bounds[0];
        }
        double start = b == 0 ? 0 : bounds[b - 1];
        double end = bounds[b];
        long below = b == 0 ? 0 : cumulative[b - 1];
        long inBucket = cumulative[b] - below;
        return start + (end - start) * ((rank - below) / inBucket);
    }

    /**
     * The same buckets filled from an HdrHistogram of microseconds: each bound counts the
     * recorded values at or below it (HdrHistogram's 3 significant digits put a value within
     * 0.1% of a bound on either side of it).
     */
    public static BucketHistogram of(Histogram micros, double[] bounds) {
        long[] cumulative = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            cumulative[i] = bounds[i] == Double.POSITIVE_INFINITY
                    ? micros.getTotalCount()
                    : micros.getCountBetweenValues(0, (long) Math.floor(bounds[i] * 1e6));
        }
        return new BucketHistogram(bounds, cumulative);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < bounds.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "le=%s: %d",
                    bounds[i] == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(bounds[i]), cumulative[i]));
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketHistogram h && Arrays.equals(bounds, h.bounds) && Arrays.equals(cumulative, h.cumulative);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bounds) + Arrays.hashCode(cumulative);
    }
}
