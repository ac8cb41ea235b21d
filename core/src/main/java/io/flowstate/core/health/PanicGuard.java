package io.flowstate.core.health;

import io.flowstate.core.config.PanicConfig;

/**
 * Envoy's panic threshold with a cooldown against flapping: the pool panics the moment
 * fewer than the threshold share of its endpoints is available, and leaves panic only once
 * the share has stayed at or above it for the whole cooldown.
 *
 * <p>Thread contract: updated under the pool's health lock; {@link #inPanic()} is a
 * volatile read.
 */
public final class PanicGuard {
    private final PanicConfig config;
    private volatile boolean panic;
    private long recoveredSince = Long.MIN_VALUE;

    public PanicGuard(PanicConfig config) {
        this.config = config;
    }

    public boolean inPanic() {
        return panic;
    }

    /**
     * Re-evaluates with {@code available} of {@code total} endpoints available at {@code now}.
     *
     * @return whether the panic state changed
     */
    public boolean update(int available, int total, long now) {
        boolean below = (long) available * 100 < (long) config.thresholdPercent() * total;
        if (below) {
            recoveredSince = Long.MIN_VALUE;
            if (!panic) {
                panic = true;
                return true;
            }
            return false;
        }
        if (!panic) {
            return false;
        }
        if (recoveredSince == Long.MIN_VALUE) {
            recoveredSince = now;
        }
        if (now - recoveredSince >= config.cooldown().toNanos()) {
            panic = false;
            recoveredSince = Long.MIN_VALUE;
            return true;
        }
        return false;
    }

    /** When the panic may end if nothing changes, or {@code Long.MAX_VALUE} when no end is pending. */
    public long exitDueNanos() {
        return panic && recoveredSince != Long.MIN_VALUE ? recoveredSince + config.cooldown().toNanos() : Long.MAX_VALUE;
    }
}
