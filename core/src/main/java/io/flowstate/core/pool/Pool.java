package io.flowstate.core.pool;

import java.util.List;

/**
 * A named group of endpoints and the balancer that chooses among them.
 *
 * <p>Built once per config snapshot. Today every endpoint can always take traffic; the
 * health, ejection and breaker state that narrow the candidates arrive with the health
 * work, behind {@link #pick()}.
 */
public final class Pool {
    private final String name;
    private final List<Endpoint> endpoints;
    private final Balancer balancer;

    public Pool(String name, List<Endpoint> endpoints, Balancer balancer) {
        this.name = name;
        this.endpoints = List.copyOf(endpoints);
        this.balancer = balancer;
    }

    public String name() {
        return name;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The endpoint for the next try, or null when none can take traffic. */
    public Endpoint pick() {
        return endpoints.isEmpty() ? null : balancer.pick(endpoints);
    }

    @Override
    public String toString() {
        return name + endpoints;
    }
}
