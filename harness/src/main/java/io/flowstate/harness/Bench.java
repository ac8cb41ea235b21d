package io.flowstate.harness;

import io.flowstate.harness.report.Environment;
import io.flowstate.harness.report.Publication;
import io.flowstate.harness.report.ReportWriter;
import io.flowstate.harness.scenario.CpuSet;
import io.flowstate.harness.scenario.Pinning;
import io.flowstate.harness.scenario.RunOptions;
import io.flowstate.harness.scenario.Runner;
import io.flowstate.harness.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code make bench}: runs one scenario and writes its report.
 *
 * <pre>
 * Bench --scenario NAME [--profile quick|full] [--engines a,b] [--balancers x,y]
 *       [--repeats N] [--pin on|off] [--proxy-cpus LIST] [--proxy-heap 512m] [--no-peers] [--publish]
 *       [--root DIR] [--out DIR]
 * </pre>
 * The report goes to {@code results/NAME/} from a clean tree (or with {@code --publish}), else to
 * {@code results/_scratch/NAME/} ({@link Publication}); {@code --out} writes anywhere, unpublished.
 * Pinned by default on a machine with two CPUs or more ({@link Pinning}): the proxies on CPU 1,
 * this process (load generator, backends, wrk) on the others; {@code --pin off} runs unpinned,
 * {@code --proxy-cpus} names the proxies' CPUs.
 * {@code --repeats} overrides the profile's {@code repeats} (for a short try of a long profile).
 * Exit codes: 0 report written, 1 the run failed, 2 usage.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String scenarioName = null;
        String profile = "quick";
        List<String> engines = List.of();
        List<String> balancers = List.of();
        String cpus = null;
        String heap = RunOptions.DEFAULT_PROXY_HEAP;
        boolean peers = true;
        Path root = Path.of(".");
        Path out = null;
        int repeats = 0;
        boolean pin = true;
        boolean publish = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--scenario" -> scenarioName = args[++i];
                    case "--profile" -> profile = args[++i];
                    case "--engines" -> engines = list(args[++i]);
                    case "--balancers" -> balancers = list(args[++i]);
                    case "--proxy-cpus" -> cpus = blankToNull(args[++i]);
                    case "--pin" -> pin = onOff(args[++i]);
                    case "--proxy-heap" -> heap = args[++i];
                    case "--no-peers" -> peers = false;
                    case "--publish" -> publish = true;
                    case "--root" -> root = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--repeats" -> repeats = repeats(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (scenarioName == null) {
                throw new IllegalArgumentException("--scenario NAME is required");
            }
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: Bench --scenario NAME [--profile quick|full] [--engines a,b] [--balancers x,y]"
                    + " [--repeats N] [--pin on|off] [--proxy-cpus LIST] [--proxy-heap 512m] [--no-peers] [--publish]"
                    + " [--root DIR] [--out DIR]");
            return 2;
        }
        try {
            Path file = root.resolve("scenarios").resolve(scenarioName + ".json");
            if (!Files.exists(file)) {
                System.err.println("bench: no scenario " + file + "; there are: " + available(root));
                return 2;
            }
            Scenario scenario = Scenario.load(file);
            Pinning pinning = Pinning.choose(cpus, pin, CpuSet.online()).applyToThisProcess();
            System.out.println(pinning.describe());
            boolean dirty = Environment.dirty(root);
            Publication publication = Publication.decide(root.resolve("results"), scenario.name(), dirty, publish, out);
            publication.prepare();
            Path dir = publication.dir();
            if (!publication.published() && out == null) {
                System.out.println("unpublished: the tree has uncommitted changes outside results/, so the report goes to "
                        + root.toAbsolutePath().relativize(dir.toAbsolutePath()) + " (commit first, or PUBLISH=1)");
            }
            RunOptions options = new RunOptions(root.toAbsolutePath(), dir.toAbsolutePath(), profile, engines, balancers,
                    pinning.proxyCpus(), heap, peers, repeats);
            Runner runner = new Runner(scenario, options, System.out);
            Runner.Outcome outcome = runner.run();
            Environment env = Environment.describe(root, dirty, pinning, heap, peerVersion("nginx", "-v"),
                    peerVersion("haproxy", "-v"), scenario.seed());
            Path report = new ReportWriter(scenario, options, env, outcome, publication).write();
            if (publication.published()) {
                io.flowstate.harness.report.ResultsIndex.write(root.resolve("results"));
            }
            System.out.println();
            System.out.println("report: " + root.toAbsolutePath().relativize(report.toAbsolutePath()));
            return 0;
        } catch (Exception e) {
            System.err.println("bench: " + e.getMessage());
            e.printStackTrace();
            return 1;
        }
    }

    private static String peerVersion(String command, String flag) {
        return io.flowstate.harness.scenario.PeerInfo.version(command, flag);
    }

    private static List<String> available(Path root) {
        try (var files = Files.list(root.resolve("scenarios"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static boolean onOff(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "1", "yes", "true", "" -> true;
            case "off", "0", "no", "false" -> false;
            default -> throw new IllegalArgumentException("--pin takes on or off, not " + v);
        };
    }

    private static int repeats(String n) {
        int r = n.isBlank() ? 0 : Integer.parseInt(n.strip());
        if (r < 0 || r > io.flowstate.harness.scenario.Scenario.Profile.MAX_REPEATS) {
            throw new IllegalArgumentException("--repeats must be 1.." + io.flowstate.harness.scenario.Scenario.Profile.MAX_REPEATS);
        }
        return r;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
