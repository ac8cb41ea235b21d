package io.flowstate.harness.buckets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one histogram out of a scrape in Prometheus' text exposition format (version 0.0.4):
 * the {@code NAME_bucket} samples, summed over every series (every label set but {@code le}),
 * as {@code sum by (le) (NAME_bucket)} would. Comments, other families and timestamps are
 * skipped.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+-?[0-9]+)?\\s*$");
    private static final Pattern LE = Pattern.compile("(?:^|,)\\s*le=\"([^\"]*)\"");

    private PrometheusText() {
    }

    /**
     * The histogram {@code name} (without {@code _bucket}) summed over its series.
     *
     * @throws IllegalArgumentException when the scrape has no bucket of it, or no {@code +Inf}
     */
    public static BucketHistogram histogram(String scrape, String name) {
        Map<Double, Long> byBound = new TreeMap<>();
        String bucket = name + "_bucket";
        for (String line : scrape.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(bucket) || m.group(2) == null) {
                continue;
            }
            Matcher le = LE.matcher(m.group(2));
            if (!le.find()) {
                continue;
            }
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            byBound.merge(bound, (long) Double.parseDouble(m.group(3)), Long::sum);
        }
        if (byBound.isEmpty() || !byBound.containsKey(Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the scrape has no " + bucket + " series with a +Inf bucket");
        }
        List<Double> bounds = new ArrayList<>(byBound.keySet());
        double[] b = new double[bounds.size()];
        long[] c = new long[bounds.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = bounds.get(i);
            c[i] = byBound.get(bounds.get(i));
        }
        return new BucketHistogram(b, c);
    }
}
