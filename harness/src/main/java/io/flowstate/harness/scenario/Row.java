package io.flowstate.harness.scenario;

import io.flowstate.harness.load.LoadResult;
import java.nio.file.Path;

/**
 * One measured load point: which setup, which load, what came out, where its .hlog is.
 *
 * @param warmUp what the warm-up before it came to
 */
public record Row(String variant, Target target, Scenario.LoadPoint load, LoadResult result, Path hlog,
                  SteadyState.Verdict warmUp) {

    /** {@code variant / target / load}, for tables and progress lines. */
    public String label() {
        return ("default".equals(variant) ? "" : variant + " / ") + target.label() + " / " + load.label();
    }

    /** Whether the measured window's first and last seconds differ by more than {@link SteadyState#MAX_DRIFT}. */
    public boolean drifted() {
        return SteadyState.drift(result.timeline()) > SteadyState.MAX_DRIFT;
    }
}
