package io.flowstate.core.config;

import java.util.Objects;

/**
 * Everything that decides whether a pool's endpoints take traffic. JSON: a pool's
 * {@code "health"}; every part has a default, so a pool without it still ejects an
 * endpoint whose connections fail ({@link #DEFAULT}).
 *
 * @param active   active probes, or null when off (the default)
 * @param passive  default {@link PassiveConfig#DEFAULT}
 * @param outlier  default {@link OutlierConfig#OFF}
 * @param ejection default {@link EjectionConfig#DEFAULT}
 * @param panic    default {@link PanicConfig#DEFAULT}
 */
public record HealthConfig(ActiveCheckConfig active, PassiveConfig passive, OutlierConfig outlier,
                           EjectionConfig ejection, PanicConfig panic) {

    public static final HealthConfig DEFAULT = new HealthConfig(null, PassiveConfig.DEFAULT, OutlierConfig.OFF,
            EjectionConfig.DEFAULT, PanicConfig.DEFAULT);

    public HealthConfig {
        Objects.requireNonNull(passive, "passive");
        Objects.requireNonNull(outlier, "outlier");
        Objects.requireNonNull(ejection, "ejection");
        Objects.requireNonNull(panic, "panic");
    }

    public boolean hasActive() {
        return active != null;
    }
}
