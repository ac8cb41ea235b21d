package io.flowstate.harness.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * How a scenario runs here.
 *
 * @param root       the repository (for {@code bin/flowstate})
 * @param out        where the report goes ({@code results/NAME})
 * @param profile    {@code quick} or {@code full} (or any profile the scenario names)
 * @param engines    engines to run, or empty for the scenario's
 * @param balancers  balancers to run, or empty for the scenario's
 * @param proxyCpus  {@code taskset} CPU list for the proxy process, or null for no pinning
 * @param proxyHeap  the proxy JVM's fixed heap, e.g. {@code 512m} ({@code -Xms} = {@code -Xmx})
 * @param peers      whether to run nginx and HAProxy rows when installed (and the scenario wants them)
 * @param repeats    how many times to measure each point, or 0 for the profile's {@code repeats}
 */
public record RunOptions(Path root, Path out, String profile, List<String> engines, List<String> balancers,
                         String proxyCpus, String proxyHeap, boolean peers, int repeats) {

    public static final String DEFAULT_PROXY_HEAP = "512m";

    /** The scenario's profile as this run uses it: its repeats replaced when {@link #repeats} says so. */
    public Scenario.Profile profileOf(Scenario scenario) {
        Scenario.Profile p = scenario.profile(profile);
        return repeats > 0 ? p.withRepeats(repeats) : p;
    }
}
