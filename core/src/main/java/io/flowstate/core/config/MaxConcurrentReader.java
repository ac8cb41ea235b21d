package io.flowstate.core.config;

import java.nio.file.Path;

/** Reads the options of a {@code maxConcurrent} filter into {@link MaxConcurrentSettings}. */
final class MaxConcurrentReader {
    private MaxConcurrentReader() {
    }

    /** The settings, or null with problems recorded. */
    static FilterSettings read(Fields f, Problems problems, Path baseDir) {
        if (!f.require("max")) {
            return null;
        }
        Long max = f.integer("max", 1, MaxConcurrentSettings.MAX_MAX, "between 1 and " + MaxConcurrentSettings.MAX_MAX);
        return max == null ? null : new MaxConcurrentSettings(max.intValue());
    }
}
