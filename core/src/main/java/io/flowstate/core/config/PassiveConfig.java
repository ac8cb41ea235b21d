package io.flowstate.core.config;

/**
 * Passive health: ejection after consecutive failed tries, seen on real traffic.
 * JSON: {@code "health": {"passive": {...}}}; on by default, like nginx's
 * {@code max_fails=1 fail_timeout=10s}.
 *
 * <p>A failure is a local-origin one: the connection was refused or timed out, it broke
 * before a response head, or the head did not come in time; with {@code include5xx} a
 * 5xx status from the backend counts too. Any other outcome resets the count.
 *
 * @param consecutiveFailures failures in a row that eject; 0 turns passive ejection off;
 *                            default {@value #DEFAULT_CONSECUTIVE_FAILURES}
 * @param include5xx          whether a 5xx response counts as a failure; default false
 */
public record PassiveConfig(int consecutiveFailures, boolean include5xx) {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 1;
    public static final PassiveConfig DEFAULT = new PassiveConfig(DEFAULT_CONSECUTIVE_FAILURES, false);
    public static final PassiveConfig OFF = new PassiveConfig(0, false);

    public PassiveConfig {
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures " + consecutiveFailures + " is negative");
        }
    }

    public boolean enabled() {
        return consecutiveFailures > 0;
    }
}
