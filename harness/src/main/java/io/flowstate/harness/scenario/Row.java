package io.flowstate.harness.scenario;

import io.flowstate.harness.load.LoadResult;
import java.nio.file.Path;

/** One measured load point: which setup, which load, what came out, where its .hlog is. */
public record Row(String variant, Target target, Scenario.LoadPoint load, LoadResult result, Path hlog) {

    /** {@code variant / target / load}, for tables and progress lines. */
    public String label() {
        return ("default".equals(variant) ? "" : variant + " / ") + target.label() + " / " + load.label();
    }
}
