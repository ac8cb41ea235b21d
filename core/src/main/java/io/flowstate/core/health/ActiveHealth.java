package io.flowstate.core.health;

/**
 * The active-check state of one endpoint: healthy or not, from consecutive probe results.
 *
 * <p>The rule (after Envoy's and HAProxy's {@code rise}/{@code fall}): the first result
 * decides the state at once; after that, {@code healthyThreshold} passes in a row make an
 * unhealthy endpoint healthy and {@code unhealthyThreshold} failures in a row make a healthy
 * one unhealthy. A result of the other kind resets the run. Before the first result the
 * state is the configured initial one.
 *
 * <p>Thread contract: one writer (the health checker, which never runs two probes of one
 * endpoint at once); readers on any thread see {@link #healthy()} through a volatile.
 */
public final class ActiveHealth {
    private volatile boolean healthy;
    private boolean decided;
    private int passes;
    private int failures;

    /** @param startHealthy the state before the first probe result */
    public ActiveHealth(boolean startHealthy) {
        this.healthy = startHealthy;
    }

    public boolean healthy() {
        return healthy;
    }

    /** Whether a probe result has arrived yet. */
    public boolean decided() {
        return decided;
    }

    /**
     * Records one probe result.
     *
     * @return whether the state changed
     */
    public boolean record(boolean passed, int healthyThreshold, int unhealthyThreshold) {
        if (passed) {
            passes++;
            failures = 0;
        } else {
            failures++;
            passes = 0;
        }
        boolean next = healthy;
        if (!decided) {
            decided = true;
            next = passed;
        } else if (!healthy && passes >= healthyThreshold) {
            next = true;
        } else if (healthy && failures >= unhealthyThreshold) {
            next = false;
        }
        boolean changed = next != healthy;
        healthy = next;
        return changed;
    }

    /** Passes in a row (0 after a failure). */
    public int passes() {
        return passes;
    }

    /** Failures in a row (0 after a pass). */
    public int failures() {
        return failures;
    }
}
