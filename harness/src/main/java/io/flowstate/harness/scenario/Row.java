package io.flowstate.harness.scenario;

import io.flowstate.harness.load.LoadResult;
import java.nio.file.Path;

/**
 * One measured load point: which setup, which load, what came out, where its .hlog is.
 *
 * @param repeat which measurement of the point this is, from 1 ({@link Scenario.Profile#repeats()})
 * @param warmUp  what the warm-up before it came to
 * @param buckets the proxy's own latency histogram against the harness's (FlowState rows);
 *                null for other rows or when a scrape failed
 */
public record Row(String variant, Target target, Scenario.LoadPoint load, int repeat, LoadResult result, Path hlog,
                  SteadyState.Verdict warmUp, io.flowstate.harness.buckets.BucketCheck buckets) {

    /** {@code variant / target / load}, for tables and progress lines; the same for every repeat. */
    public String label() {
        return ("default".equals(variant) ? "" : variant + " / ") + target.label() + " / " + load.label();
    }

    /** What identifies the point this row measures, whatever the repeat. */
    public String key() {
        return variant + "|" + target.label() + "|" + load.label();
    }

    /** Whether the measured window's first and last seconds differ by more than {@link SteadyState#MAX_DRIFT}. */
    public boolean drifted() {
        return SteadyState.drift(result.timeline()) > SteadyState.MAX_DRIFT;
    }
}
