package io.flowstate.harness.scenario;

import io.flowstate.harness.backend.TestBackends;
import io.flowstate.harness.buckets.BucketCheck;
import io.flowstate.harness.buckets.BucketHistogram;
import io.flowstate.harness.buckets.MetricsScrape;
import io.flowstate.harness.load.LoadGenerator;
import io.flowstate.harness.load.LoadResult;
import io.flowstate.harness.load.LoadSpec;
import io.flowstate.harness.load.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs a scenario: starts its backends in this JVM, then for each variant and target
 * starts the proxy in a process of its own, and for each load point resets the backends,
 * starts the timeline and drives load; every row's result and .hlog are kept for the
 * report. Rows run one after another, never two at once.
 */
public final class Runner {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Scenario scenario;
    private final RunOptions options;
    private final PrintStream progress;
    private final List<String> notes = new ArrayList<>();
    private final List<CrossCheck> crossChecks = new ArrayList<>();
    private final Set<ConfigFile> configs = new LinkedHashSet<>();

    /**
     * A generated proxy config kept beside the report.
     *
     * @param path relative to the report's directory
     */
    public record ConfigFile(String variant, String target, Path path) {
    }

    /**
     * What a run produced, for the report.
     *
     * @param rows        every measured row, in run order
     * @param notes       what was skipped and why
     * @param crossChecks the direct rows against wrk
     * @param configs     every generated proxy config
     * @param work        per variant name, what the FlowState rows do that the peers match
     */
    public record Outcome(List<Row> rows, List<String> notes, List<CrossCheck> crossChecks, List<ConfigFile> configs,
                          Map<String, EqualWork> work) {
        public Outcome {
            rows = List.copyOf(rows);
            notes = List.copyOf(notes);
            crossChecks = List.copyOf(crossChecks);
            configs = List.copyOf(configs);
            work = Map.copyOf(work);
        }
    }

    public Runner(Scenario scenario, RunOptions options, PrintStream progress) {
        this.scenario = scenario;
        this.options = options;
        this.progress = progress;
    }

    /** The load generator against wrk on the direct rows, when wrk is installed. */
    public List<CrossCheck> crossChecks() {
        return List.copyOf(crossChecks);
    }

    /** Every proxy config the run generated, once each (a repeat writes the same file again). */
    public List<ConfigFile> configs() {
        return List.copyOf(configs);
    }

    /** What the FlowState rows of a variant do that the peers must match; for the report. */
    public EqualWork work(Scenario.Variant variant) {
        return FlowStateConfigs.work(scenario, variant);
    }

    /** Lines for the report about what was skipped and why. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Runs every point, then returns the rows with what else the report needs. */
    public Outcome run() throws IOException, InterruptedException {
        List<Row> rows = measure();
        Map<String, EqualWork> work = new java.util.LinkedHashMap<>();
        scenario.variants().forEach(v -> work.put(v.name(), work(v)));
        return new Outcome(rows, notes, crossChecks, List.copyOf(configs), work);
    }

    private List<Row> measure() throws IOException, InterruptedException {
        Scenario.Profile profile = options.profileOf(scenario);
        Files.createDirectories(options.out().resolve("hlog"));
        Files.createDirectories(options.out().resolve("logs"));
        List<Target> targets = targets();
        int repeats = profile.repeats();
        int perRepeat = targets.size() * scenario.variants().size() * scenario.loads().size();
        int total = perRepeat * repeats;
        progress.printf("scenario %s, profile %s (%s warm-up until steady, at most %s, + %s per point, %d repeat(s),"
                        + " interleaved): %d point(s), %d to %d s%n", scenario.name(), options.profile(),
                profile.warmup().toSeconds() + "s", profile.warmupMax().toSeconds() + "s",
                profile.duration().toSeconds() + "s", repeats, total,
                total * (profile.warmup().plus(profile.duration()).toSeconds() + 1),
                total * (profile.warmupMax().plus(profile.duration()).toSeconds() + 1));
        List<Row> rows = new ArrayList<>();
        try (TestBackends backends = TestBackends.start(scenario.backends(), scenario.seed())) {
            List<String> names = backends.names();
            List<InetSocketAddress> addresses = names.stream().map(backends::address).toList();
            int done = 0;
            // Interleaved: every target once per repeat (A B C, A B C, ...), each in a proxy
            // process of its own, so that whatever drifts over the run (the machine's other
            // load, its temperature) falls on every target alike.
            for (int repeat = 1; repeat <= repeats; repeat++) {
                for (Scenario.Variant variant : scenario.variants()) {
                    for (Target target : targets) {
                        int port = freePort();
                        try (Running proxy = startTarget(target, variant, port, names, addresses)) {
                            InetSocketAddress address = target instanceof Target.Direct
                                    ? addresses.get(0) : new InetSocketAddress("127.0.0.1", port);
                            for (Scenario.LoadPoint load : scenario.loads()) {
                                done++;
                                Row row = runPoint(done, total, repeat, backends, variant, target, load, address,
                                        profile, proxy);
                                rows.add(row);
                                if (target instanceof Target.Direct) {
                                    crossCheck(row, address, profile);
                                }
                            }
                        } catch (IOException e) {
                            String note = target.label() + " (" + variant.name() + ", repeat " + repeat + ") did not run: "
                                    + e.getMessage();
                            notes.add(note);
                            progress.println("  skipped: " + note);
                            done += scenario.loads().size();
                        }
                    }
                }
            }
        }
        return rows;
    }

    private Row runPoint(int index, int total, int repeat, TestBackends backends, Scenario.Variant variant, Target target,
                         Scenario.LoadPoint load, InetSocketAddress address, Scenario.Profile profile, Running proxy)
            throws IOException, InterruptedException {
        for (var spec : scenario.backends()) {
            backends.apply(spec.name(), spec.behaviour());
        }
        boolean keepAlive = variant.clientKeepAlive() != null ? variant.clientKeepAlive() : load.keepAlive();
        LoadSpec spec = new LoadSpec(address, "bench.local", "/", keepAlive, load.connections(),
                load.ratePerSecond(), profile.warmupMax(), profile.duration(), REQUEST_TIMEOUT);
        String file = (variant.name() + "-" + target.label() + "-" + load.label() + "-r" + repeat)
                .replaceAll("[^A-Za-z0-9_.-]+", "_");
        Path hlog = options.out().resolve("hlog").resolve(file + ".hlog");
        progress.printf("[%d/%d] %s%s%n", index, total,
                new Row(variant.name(), target, load, repeat, null, hlog, null, null).label(),
                profile.repeats() > 1 ? " (repeat " + repeat + " of " + profile.repeats() + ")" : "");
        // The timeline runs in measured time: it starts when the warm-up ends, whenever that is.
        List<AutoCloseable> timeline = new ArrayList<>();
        MetricsScrape metrics = proxy.metrics();
        BucketHistogram[] before = new BucketHistogram[1];
        SteadyState steady = new SteadyState(profile.warmup(), proxy.jit(), () -> {
            timeline.add(backends.schedule(scenario.timeline()));
            before[0] = scrape(metrics, target);
        });
        LoadResult result;
        try {
            result = LoadGenerator.run(spec, hlog, progressLine(steady), steady);
        } finally {
            for (AutoCloseable t : timeline) {
                try {
                    t.close();
                } catch (Exception e) {
                    notes.add("stopping the timeline of " + target.label() + " failed: " + e);
                }
            }
        }
        SteadyState.Verdict warmUp = steady.verdict(result.warmup());
        BucketHistogram after = before[0] == null ? null : scrape(metrics, target);
        BucketCheck buckets = null;
        if (after != null) {
            try {
                buckets = BucketCheck.of(result.uncorrected(), after.minus(before[0]));
            } catch (IllegalArgumentException e) {
                notes.add("the bucket check of " + target.label() + " / " + load.label() + " failed: " + e.getMessage());
            }
        }
        Row row = new Row(variant.name(), target, load, repeat, result, hlog, warmUp, buckets);
        progress.printf("%n      %,.0f req/s, %s, errors %d, 5xx %d; warm-up %d s%s%s%s%n", result.rps(),
                io.flowstate.harness.load.Percentiles.line(result.corrected()), result.errors(), result.statusErrors(),
                Math.round(result.warmup().toMillis() / 1000.0), warmUp.settled() ? "" : " (never settled)",
                row.drifted() ? String.format(", first and last second %.0f%% apart",
                        100 * SteadyState.drift(result.timeline())) : "",
                result.saturated() ? " (load generator short of CPU)" : "");
        return row;
    }

    /** The proxy's request-duration histogram now; null (and a note) when there is no scrape or it failed. */
    private BucketHistogram scrape(MetricsScrape metrics, Target target) {
        if (metrics == null) {
            return null;
        }
        try {
            return metrics.requestDuration();
        } catch (IOException e) {
            notes.add("scraping the metrics of " + target.label() + " failed: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** wrk on a closed-loop keep-alive direct row, wrk2 on an open-loop one; a note when the tool is missing. */
    private void crossCheck(Row row, InetSocketAddress address, Scenario.Profile profile) throws InterruptedException {
        boolean open = row.load().ratePerSecond() > 0;
        String tool = open ? "wrk2" : "wrk";
        if (!row.load().keepAlive() || !clientKeepAlive(row)) {
            return;                                         // both tools keep connections alive
        }
        Optional<Path> found = Peers.find(tool);
        if (found.isEmpty()) {
            String note = open
                    ? "wrk2 cross-check of open-loop points skipped: wrk2 is not installed (not packaged in Debian;"
                            + " build it from https://github.com/giltene/wrk2)"
                    : "wrk cross-check skipped: wrk is not installed (apt-get install wrk)";
            if (!notes.contains(note)) {
                notes.add(note);
            }
            return;
        }
        try {
            Path log = options.out().resolve("logs").resolve((tool + "-" + row.variant() + "-" + row.load().label()
                    + "-r" + row.repeat()).replaceAll("[^A-Za-z0-9_.-]+", "_") + ".txt");
            CrossCheck.Measured m = CrossCheck.run(found.get(), address, row.load().connections(),
                    row.load().ratePerSecond(), profile.duration(), log);
            CrossCheck check = new CrossCheck(tool, row.load().label(), row.repeat(), row.result().rps(), m.rps(),
                    row.result().corrected().getValueAtPercentile(99), m.p99Micros());
            crossChecks.add(check);
            progress.printf("      %s on the same backend: %,.0f req/s (harness %,.0f, gap %.0f%%)%n",
                    tool, m.rps(), row.result().rps(), 100 * check.gap());
        } catch (IOException e) {
            notes.add(tool + " cross-check for " + row.load().label() + " failed: " + e.getMessage());
        }
    }

    private boolean clientKeepAlive(Row row) {
        return scenario.variants().stream().filter(v -> v.name().equals(row.variant())).findFirst()
                .map(v -> v.clientKeepAlive() == null || v.clientKeepAlive()).orElse(true);
    }

    private Progress progressLine(SteadyState steady) {
        return (second, completed, errors, warmingUp) -> {
            long compiles = warmingUp ? steady.lastSecondCompiles() : -1;
            progress.printf("\r      %s %3d s  %,8d req/s  %d errors%s   ", warmingUp ? "warm-up " : "measured", second,
                    completed, errors, compiles >= 0 ? String.format("  %d JIT compiles", compiles) : "");
            progress.flush();
        };
    }

    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        if (scenario.direct()) {
            targets.add(new Target.Direct());
        }
        List<String> engines = options.engines().isEmpty() ? scenario.engines() : options.engines();
        List<String> balancers = options.balancers().isEmpty() ? scenario.balancers() : options.balancers();
        for (String engine : engines) {
            for (String balancer : balancers) {
                targets.add(new Target.FlowState(engine, balancer));
            }
        }
        if (scenario.peers() && options.peers()) {
            Optional<Path> nginx = Peers.find("nginx");
            Optional<Path> haproxy = Peers.find("haproxy");
            for (String balancer : balancers) {
                nginx.ifPresent(p -> targets.add(new Target.Peer("nginx", balancer, PeerConfigs.nginxLabel(balancer))));
                haproxy.ifPresent(p -> targets.add(new Target.Peer("haproxy", balancer, PeerConfigs.haproxyAlgorithm(balancer))));
            }
            if (nginx.isEmpty()) {
                notes.add("nginx rows skipped: nginx is not installed (apt-get install nginx)");
            }
            if (haproxy.isEmpty()) {
                notes.add("HAProxy rows skipped: haproxy is not installed (apt-get install haproxy)");
            }
            targets.removeIf(t -> t instanceof Target.Peer p && !distinct(targets, p));
        }
        return targets;
    }

    /** Two balancers can map to one peer algorithm (p2c and p2c-ewma): run it once. */
    private static boolean distinct(List<Target> targets, Target.Peer p) {
        for (Target t : targets) {
            if (t instanceof Target.Peer q && q.kind().equals(p.kind()) && q.algorithm().equals(p.algorithm())) {
                return q == p;
            }
        }
        return true;
    }

    /** A started target: closing stops it. */
    private interface Running extends AutoCloseable {
        @Override
        void close() throws InterruptedException;

        /** The target's JIT, for the steady-state rule; none for targets that are not JVMs. */
        default JitCounter jit() {
            return JitCounter.none();
        }

        /** The target's own metrics, for the bucket check; null for targets that have none. */
        default MetricsScrape metrics() {
            return null;
        }
    }

    private Running startTarget(Target target, Scenario.Variant variant, int port, List<String> names,
                                      List<InetSocketAddress> addresses) throws IOException, InterruptedException {
        Path logs = options.out().resolve("logs");
        String file = (variant.name() + "-" + target.label()).replaceAll("[^A-Za-z0-9_.-]+", "_");
        return switch (target) {
            case Target.Direct d -> () -> { };
            case Target.FlowState f -> {
                Path config = logs.resolve(file + ".json");
                int adminPort = freePort();
                Files.writeString(config, FlowStateConfigs.write(scenario, variant, f.engine(), f.balancer(), port,
                        adminPort, names, addresses));
                configs.add(new ConfigFile(variant.name(), target.label(), options.out().relativize(config)));
                List<String> command = new ArrayList<>();
                if (options.proxyCpus() != null) {
                    command.addAll(List.of("taskset", "-c", options.proxyCpus()));
                }
                command.addAll(List.of(options.root().resolve("bin/flowstate").toString(), "run", "-c", config.toString()));
                String heap = options.proxyHeap();
                ProxyProcess started = ProxyProcess.start(target.label(), command,
                        Map.of("FLOWSTATE_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap), logs.resolve(file + ".log"), port);
                JitCounter jit = JitCounter.of(started.pid());
                MetricsScrape metrics = new MetricsScrape(adminPort);
                scrape(metrics, target);                    // once now, so the timed scrapes find the admin listener warm
                yield new Running() {
                    @Override
                    public void close() throws InterruptedException {
                        started.close();
                    }

                    @Override
                    public JitCounter jit() {
                        return jit;
                    }

                    @Override
                    public MetricsScrape metrics() {
                        return metrics;
                    }
                };
            }
            case Target.Peer p when p.kind().equals("nginx") -> {
                Path dir = logs.resolve(file + ".d").toAbsolutePath();
                Files.createDirectories(dir);
                Path conf = dir.resolve("nginx.conf");
                Files.writeString(conf, PeerConfigs.nginx(dir, port, p.balancer(), addresses, scenario.weights(), names,
                        pinnedCpus(), FlowStateConfigs.work(scenario, variant)));
                configs.add(new ConfigFile(variant.name(), target.label(), options.out().relativize(conf)));
                List<String> command = new ArrayList<>();
                if (options.proxyCpus() != null) {
                    command.addAll(List.of("taskset", "-c", options.proxyCpus()));
                }
                command.addAll(List.of(Peers.find("nginx").orElseThrow().toString(), "-p", dir.toString(), "-c", conf.toString()));
                ProxyProcess started = ProxyProcess.start(target.label(), command, Map.of(), logs.resolve(file + ".log"), port);
                yield started::close;
            }
            case Target.Peer p -> {
                Path cfg = logs.resolve(file + ".cfg");
                Files.writeString(cfg, PeerConfigs.haproxy(port, p.balancer(), addresses, scenario.weights(), names,
                        pinnedCpus(), FlowStateConfigs.work(scenario, variant)));
                configs.add(new ConfigFile(variant.name(), target.label(), options.out().relativize(cfg)));
                List<String> command = new ArrayList<>();
                if (options.proxyCpus() != null) {
                    command.addAll(List.of("taskset", "-c", options.proxyCpus()));
                }
                command.addAll(List.of(Peers.find("haproxy").orElseThrow().toString(), "-db", "-f", cfg.toString()));
                ProxyProcess started = ProxyProcess.start(target.label(), command, Map.of(), logs.resolve(file + ".log"), port);
                yield started::close;
            }
        };
    }

    /** How many CPUs the proxies are pinned to, or 0 when they are not. */
    private int pinnedCpus() {
        return options.proxyCpus() == null ? 0 : CpuSet.parse(options.proxyCpus()).count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
