package io.flowstate.core.admin;

import io.flowstate.core.json.JsonValue;
import io.flowstate.core.metrics.Metrics;
import io.flowstate.core.proxy.Snapshot;

/**
 * What the admin API reads and does; the running server implements it.
 *
 * <p>Contract: every method may be called from any admin thread at any time, concurrently
 * with requests; {@link #reload()} and {@link #drain()} must not block for long (a reload
 * parses and compiles a config; a drain only starts).
 */
public interface AdminActions {

    /** The snapshot requests use now. */
    Snapshot snapshot();

    /** The running config as it was written (JSON), before redaction. */
    JsonValue configDocument();

    /** The registry {@code /metrics} exposes. */
    Metrics metrics();

    /** Whether a drain has begun: {@code /readyz} answers 503 from then on. */
    boolean draining();

    /** Reads the config source again and applies it, or keeps the running one and says why. */
    ReloadOutcome reload();

    /** Begins a graceful drain; returns at once. Idempotent. */
    void drain();

    /**
     * What a reload did.
     *
     * @param applied whether the new config runs now
     * @param message one line for people: what changed, or why nothing did
     * @param errors  each config problem, {@code path: message at line:col}; empty when applied
     */
    record ReloadOutcome(boolean applied, String message, java.util.List<String> errors) {
        public ReloadOutcome {
            errors = java.util.List.copyOf(errors);
        }
    }
}
