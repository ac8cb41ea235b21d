package io.flowstate.core.health;

import io.flowstate.core.config.OutlierConfig;
import io.flowstate.core.config.PassiveConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consecutive-failure counts of one endpoint, one per detector, kept apart as Envoy keeps
 * them: local-origin failures (passive health), 5xx answers, and gateway failures (502,
 * 503, 504). Local-origin failures leave the 5xx counts alone and the other way round, so
 * each detector sees only its own kind; a success resets them all.
 *
 * <p>Thread contract: any thread records; counts are atomics, and {@link #record} tells
 * which detector reached its threshold with this outcome, at most one reason.
 */
public final class FailureStreaks {
    private final AtomicInteger local = new AtomicInteger();
    private final AtomicInteger x5xx = new AtomicInteger();
    private final AtomicInteger gateway = new AtomicInteger();

    /**
     * Counts {@code outcome}.
     *
     * @return the reason to eject when a threshold was reached exactly now, else null
     */
    public String record(Outcome outcome, PassiveConfig passive, OutlierConfig outlier) {
        if (outcome.saysNothing()) {
            return null;
        }
        if (outcome == Outcome.SUCCESS) {
            reset();
            return null;
        }
        String reason = null;
        boolean passiveCounts = outcome.isLocalOrigin() || (passive.include5xx() && outcome.isUpstream5xx());
        if (passiveCounts) {
            int n = local.incrementAndGet();
            if (passive.enabled() && n == passive.consecutiveFailures()) {
                reason = n + " consecutive failures (last: " + name(outcome) + ")";
            }
        }
        if (outcome.isUpstream5xx()) {
            int n = x5xx.incrementAndGet();
            if (reason == null && outlier.consecutive5xx() > 0 && n == outlier.consecutive5xx()) {
                reason = n + " consecutive 5xx";
            }
            if (!passive.include5xx()) {
                local.set(0);
            }
        }
        if (outcome == Outcome.GATEWAY_ERROR) {
            int n = gateway.incrementAndGet();
            if (reason == null && outlier.consecutiveGatewayFailures() > 0 && n == outlier.consecutiveGatewayFailures()) {
                reason = n + " consecutive gateway failures";
            }
        } else if (outcome.isUpstream5xx()) {
            gateway.set(0);
        }
        return reason;
    }

    /** Back to zero: after a success, and after an ejection. */
    public void reset() {
        // Every success resets: most find nothing to reset, and a read costs less than the
        // write (a fence) of a zero over a zero.
        if (local.get() != 0) {
            local.set(0);
        }
        if (x5xx.get() != 0) {
            x5xx.set(0);
        }
        if (gateway.get() != 0) {
            gateway.set(0);
        }
    }

    public int localOrigin() {
        return local.get();
    }

    public int upstream5xx() {
        return x5xx.get();
    }

    public int gatewayFailures() {
        return gateway.get();
    }

    private static String name(Outcome o) {
        return o.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
