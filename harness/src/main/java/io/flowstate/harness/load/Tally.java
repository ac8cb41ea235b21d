package io.flowstate.harness.load;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts of one phase (warm-up or measured): totals for the run and the counts of the
 * interval in progress. Written by the I/O thread only; handed to another thread only after the
 * I/O thread is done with it (through a queue, which orders the writes before the reads).
 */
final class Tally {

    /** Counts of one interval, taken by {@link #takeInterval()}. */
    record Interval(long completed, long errors, long statusErrors, long errorsSoFar, Map<String, Long> backendCounts) {
    }

    private static final int STATUS_CODES = 1000;

    long sent;
    long completed;
    private final long[] errors = new long[ErrorKind.ALL.length];
    private final long[] statuses = new long[STATUS_CODES];
    private final Map<String, long[]> backends = new HashMap<>();

    private long intervalCompleted;
    private long intervalErrors;
    private long intervalStatusErrors;
    private Map<String, long[]> intervalBackends = new HashMap<>();

    void sent() {
        sent++;
    }

    void completed(int status, String backend) {
        completed++;
        intervalCompleted++;
        statuses[status]++;
        backends.computeIfAbsent(backend, k -> new long[1])[0]++;
        intervalBackends.computeIfAbsent(backend, k -> new long[1])[0]++;
        if (status >= 500) {
            errors[ErrorKind.STATUS.ordinal()]++;
            intervalStatusErrors++;
        }
    }

    void failed(ErrorKind kind) {
        errors[kind.ordinal()]++;
        intervalErrors++;
    }

    /** Every error so far, 5xx included. */
    long allErrors() {
        long sum = 0;
        for (long e : errors) {
            sum += e;
        }
        return sum;
    }

    /** The counts of the interval that ends now; the next interval starts from zero. */
    Interval takeInterval() {
        Interval interval = new Interval(intervalCompleted, intervalErrors, intervalStatusErrors, allErrors(),
                counts(intervalBackends));
        intervalCompleted = 0;
        intervalErrors = 0;
        intervalStatusErrors = 0;
        intervalBackends = new HashMap<>();
        return interval;
    }

    Map<String, Long> errorsByKind() {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (ErrorKind kind : ErrorKind.ALL) {
            byKind.put(kind.key, errors[kind.ordinal()]);
        }
        return byKind;
    }

    Map<Integer, Long> statusCounts() {
        Map<Integer, Long> counts = new HashMap<>();
        for (int code = 0; code < STATUS_CODES; code++) {
            if (statuses[code] > 0) {
                counts.put(code, statuses[code]);
            }
        }
        return counts;
    }

    Map<String, Long> backendCounts() {
        return counts(backends);
    }

    private static Map<String, Long> counts(Map<String, long[]> cells) {
        Map<String, Long> counts = new HashMap<>();
        cells.forEach((name, cell) -> counts.put(name, cell[0]));
        return counts;
    }
}
