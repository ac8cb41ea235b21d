package io.flowstate.cli;

import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Engines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The engines this installation offers: those on the class path, and each directory under
 * {@code lib/engines/} beside the command's jar, loaded in a class loader of its own. An
 * engine's jars (Jetty's, for the Jetty engine) are thus on no path but its own.
 */
final class EnginePlugins {
    private static volatile Map<String, Engine> cache;

    private EnginePlugins() {
    }

    /** Every engine, by name, class-path ones first. */
    static Map<String, Engine> all() {
        Map<String, Engine> engines = cache;
        if (engines == null) {
            engines = new LinkedHashMap<>();
            for (Engine e : Engines.all()) {
                engines.putIfAbsent(e.name(), e);
            }
            for (Path dir : pluginDirs()) {
                for (Engine e : ServiceLoader.load(Engine.class, loaderFor(dir))) {
                    engines.putIfAbsent(e.name(), e);
                }
            }
            cache = engines;
        }
        return engines;
    }

    static List<String> names() {
        return List.copyOf(all().keySet());
    }

    /** The engine of this name; fails naming the engines that exist. */
    static Engine byName(String name) {
        Engine e = all().get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown engine \"" + name + "\"; available: " + names());
        }
        return e;
    }

    private static List<Path> pluginDirs() {
        try {
            Path jar = Path.of(EnginePlugins.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = Files.isDirectory(jar) ? jar : jar.getParent();
            Path engines = root.resolve("lib").resolve("engines");
            if (!Files.isDirectory(engines)) {
                return List.of();
            }
            try (Stream<Path> dirs = Files.list(engines)) {
                return dirs.filter(Files::isDirectory).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list engine directories", e);
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            return List.of();
        }
    }

    private static ClassLoader loaderFor(Path dir) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return new URLClassLoader("engine-" + dir.getFileName(), jars.toArray(URL[]::new),
                EnginePlugins.class.getClassLoader());
    }
}
