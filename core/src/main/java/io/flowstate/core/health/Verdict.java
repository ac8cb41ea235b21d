package io.flowstate.core.health;

/**
 * An outlier detector's finding: eject the endpoint at {@code index} of the samples' list, for {@code reason}.
 */
public record Verdict(int index, String reason) {
}
