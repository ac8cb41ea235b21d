package io.flowstate.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds engines on the module path or class path. */
public final class Engines {
    private Engines() {
    }

    /** Every engine that can be loaded, in discovery order. */
    public static List<Engine> all() {
        List<Engine> out = new ArrayList<>();
        ServiceLoader.load(Engine.class, Engines.class.getClassLoader()).forEach(out::add);
        if (out.isEmpty()) {
            ServiceLoader.load(Engine.class).forEach(out::add);
        }
        return out;
    }

    /** The engine of this name; fails naming the engines that exist. */
    public static Engine byName(String name) {
        List<Engine> all = all();
        for (Engine e : all) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine \"" + name + "\"; available: " + names(all));
    }

    public static List<String> names() {
        return names(all());
    }

    private static List<String> names(List<Engine> engines) {
        return engines.stream().map(Engine::name).toList();
    }
}
