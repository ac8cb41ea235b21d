package io.flowstate.core.health;

/**
 * Whether one endpoint is ejected, until when, and how often in a row it has been.
 *
 * <p>Timing (Envoy's {@code base_ejection_time} model): the n-th ejection in a row lasts
 * {@code min(base * n, max)}. When it ends the endpoint returns on probation: its next
 * failure ejects it again (with n + 1), its next success ends the probation. The count n
 * goes back to 0 once the endpoint has stayed in for {@code max} since it last returned,
 * so an endpoint that failed once a day is not punished as if it failed all day.
 *
 * <p>Thread contract: changed only under its pool's health lock ({@link PoolHealth});
 * {@link #isEjected()} is a volatile read for the pick path.
 */
public final class Ejection {
    private volatile boolean ejected;
    private long untilNanos;
    private long returnedNanos;
    private int count;
    private boolean probation;

    public boolean isEjected() {
        return ejected;
    }

    /** Ejections in a row so far (the n of the next ejection is this plus one). */
    public int count() {
        return count;
    }

    /** When the current ejection ends; meaningful only while ejected. */
    public long untilNanos() {
        return untilNanos;
    }

    public boolean onProbation() {
        return probation;
    }

    /**
     * Ejects at {@code now}.
     *
     * @return when the ejection ends
     */
    public long eject(long now, long baseNanos, long maxNanos) {
        forgetIfClean(now, maxNanos);
        count++;
        long span = baseNanos > maxNanos / count ? maxNanos : Math.min(baseNanos * count, maxNanos);
        untilNanos = now + span;
        ejected = true;
        probation = false;
        return untilNanos;
    }

    /**
     * Ends the ejection when its time has come.
     *
     * @return whether the endpoint returned (on probation) now
     */
    public boolean expire(long now) {
        if (!ejected || now - untilNanos < 0) {
            return false;
        }
        ejected = false;
        probation = true;
        returnedNanos = now;
        return true;
    }

    /** A success: probation, if any, is over. */
    public void succeeded() {
        probation = false;
    }

    private void forgetIfClean(long now, long maxNanos) {
        if (count > 0 && !probation && now - returnedNanos >= maxNanos) {
            count = 0;
        }
    }
}
