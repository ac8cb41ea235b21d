package io.flowstate.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A named group of interchangeable backends. JSON: one member of {@code "pools"}.
 *
 * @param name     the key under {@code "pools"}
 * @param balancer the balancer strategy and its options; default {@value #DEFAULT_BALANCER}
 *                 with default options
 * @param backends at least one, keys unique, in written order; unmodifiable
 * @param health   health checks, ejection and panic; default {@link HealthConfig#DEFAULT}
 * @param retry    retries; default {@link RetryConfig#DEFAULT}
 * @param breaker  the circuit breaker of each endpoint, or null when off (the default)
 */
public record PoolConfig(String name, BalancerConfig balancer, List<BackendConfig> backends, HealthConfig health,
                         RetryConfig retry, BreakerConfig breaker) {

    public static final String DEFAULT_BALANCER = "wrr";

    public PoolConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(balancer, "balancer");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(retry, "retry");
        backends = List.copyOf(backends);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("pool " + name + " has no backends");
        }
    }

    /** A pool with default health, retries and no breaker. */
    public PoolConfig(String name, BalancerConfig balancer, List<BackendConfig> backends) {
        this(name, balancer, backends, HealthConfig.DEFAULT, RetryConfig.DEFAULT, null);
    }

    /** A pool whose balancer is {@code balancer} with default options. */
    public PoolConfig(String name, String balancer, List<BackendConfig> backends) {
        this(name, BalancerConfig.of(balancer), backends);
    }
}
