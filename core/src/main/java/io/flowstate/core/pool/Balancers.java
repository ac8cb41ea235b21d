package io.flowstate.core.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds balancer strategies by name. */
public final class Balancers {
    private Balancers() {
    }

    public static List<BalancerFactory> all() {
        List<BalancerFactory> out = new ArrayList<>();
        ServiceLoader.load(BalancerFactory.class, Balancers.class.getClassLoader()).forEach(out::add);
        if (out.isEmpty()) {
            ServiceLoader.load(BalancerFactory.class).forEach(out::add);
        }
        return out;
    }

    public static List<String> names() {
        return all().stream().map(BalancerFactory::name).toList();
    }

    /** The strategy of this name, or null when none is installed. */
    public static BalancerFactory byName(String name) {
        for (BalancerFactory f : all()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
