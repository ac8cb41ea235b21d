package io.flowstate.cli;

import io.flowstate.core.admin.AdminActions;
import io.flowstate.core.config.ConfigError;
import io.flowstate.core.config.ConfigException;
import io.flowstate.core.config.ConfigLoader;
import io.flowstate.core.config.Durations;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.health.HealthListener;
import io.flowstate.core.pool.Balancers;
import io.flowstate.core.server.FlowStateServer;
import io.flowstate.core.spi.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code flowstate run|validate|version}. Exit codes: 0 success, 1 a config or runtime
 * error (every problem printed), 2 a usage error.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String HELP = """
            usage: flowstate <command> [options]

            commands:
              run -c FILE [--engine NAME] [--demo-backends] [--watch]   start the proxy
              validate -c FILE|-                              check a config, like nginx -t
              version                                         print the version

            'flowstate <command> --help' tells more.
            """;
    private static final String RUN_HELP = """
            usage: flowstate run -c FILE [--engine NAME] [--demo-backends] [--watch]

            Starts the proxy on the config FILE and serves until SIGTERM or SIGINT (or
            POST /admin/drain), then drains: /readyz turns 503, it goes on accepting for
            timeouts.drainGrace (default 0s), stops accepting, lets requests in flight
            finish within timeouts.drain, and exits 0. A second signal during the drain
            stops at once. Standard output carries only access-log lines; everything else
            goes to standard error. SIGHUP (or POST /admin/reload) reads FILE again
            and applies it without dropping a request; a FILE with errors changes nothing.

              -c, --config FILE   the JSON config (see docs/config.md; also --config=FILE)
              --engine NAME       override the config's "engine" (installed: %s)
              --demo-backends     also start a small echo backend on every loopback
                                  backend address of the config (for trying it out)
              --watch             also reload when FILE changes on disk
            """;
    private static final String VALIDATE_HELP = """
            usage: flowstate validate -c FILE

            Parses and checks the config FILE (-c -: read it from standard input). Prints
            "ok" and exits 0 when it is valid; otherwise prints every error as
            FILE:LINE:COLUMN: PATH: MESSAGE and exits 1.

              -c, --config FILE   the JSON config (also --config=FILE; - for standard input)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(HELP);
            return USAGE;
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            return switch (command) {
                case "run" -> runCommand(Options.parse(rest, true), err);
                case "validate" -> validate(Options.parse(rest, false), in, out, err);
                case "version", "--version" -> {
                    out.println("flowstate " + version());
                    yield OK;
                }
                case "-h", "--help", "help" -> {
                    out.print(HELP);
                    yield OK;
                }
                default -> {
                    err.println("flowstate: unknown command \"" + command + "\"");
                    err.print(HELP);
                    yield USAGE;
                }
            };
        } catch (Options.HelpRequested h) {
            out.print("run".equals(command) ? RUN_HELP.formatted(EnginePlugins.names()) : VALIDATE_HELP);
            return OK;
        } catch (Options.UsageException e) {
            err.println("flowstate " + command + ": " + e.getMessage());
            err.print("run".equals(command) ? RUN_HELP.formatted(EnginePlugins.names()) : VALIDATE_HELP);
            return USAGE;
        }
    }

    private static ProxyConfig load(Path file, PrintStream err) {
        return load(file, null, err);
    }

    /** The config in {@code file}, or read from {@code stdin} when that is not null; null after printing every error. */
    private static ProxyConfig load(Path file, InputStream stdin, PrintStream err) {
        String name = stdin != null ? "stdin" : file.toString();
        try {
            Set<String> engines = new HashSet<>(EnginePlugins.names());
            Set<String> balancers = Set.copyOf(Balancers.names());
            return stdin != null
                    ? ConfigLoader.parse(stdin.readAllBytes(), engines, balancers, Path.of(""))
                    : ConfigLoader.load(file, engines, balancers);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(name + ":" + error.line() + ":" + error.column() + ": "
                        + (error.path().isEmpty() ? "" : error.path() + ": ") + error.message());
            }
            err.println(name + ": " + e.errors().size() + " error(s); nothing was started");
            return null;
        } catch (NoSuchFileException e) {
            err.println(name + ": no such file");
            return null;
        } catch (IOException e) {
            err.println(name + ": cannot read: " + e.getMessage());
            return null;
        }
    }

    private static int validate(Options o, InputStream in, PrintStream out, PrintStream err) {
        if (load(o.config(), Options.isStdin(o.config()) ? in : null, err) == null) {
            return FAILED;
        }
        out.println("ok");
        return OK;
    }

    /**
     * {@code run}: every line the command itself prints (banner, demo backends, reloads,
     * drain) goes to standard error, so that standard output carries only what the proxy
     * writes there: the access log's JSON lines, when it targets standard output.
     */
    private static int runCommand(Options o, PrintStream err) {
        ProxyConfig config = load(o.config(), err);
        if (config == null) {
            return FAILED;
        }
        String engineName = o.engine() != null ? o.engine() : config.engine();
        Engine engine;
        try {
            engine = EnginePlugins.byName(engineName);
        } catch (IllegalArgumentException e) {
            err.println("flowstate run: " + e.getMessage());
            return USAGE;
        }
        DemoBackends demo = null;
        FlowStateServer server;
        try {
            if (o.demoBackends()) {
                demo = DemoBackends.start(config, err);
            }
            Path file = o.config();
            String override = o.engine();
            FlowStateServer.Options options = new FlowStateServer.Options(HealthListener.none(), () -> {
                ProxyConfig next = ConfigLoader.load(file, new HashSet<>(EnginePlugins.names()),
                        Set.copyOf(Balancers.names()));
                return override == null ? next : next.withEngine(override);
            }, version());
            server = FlowStateServer.start(override == null ? config : config.withEngine(override), engine, options);
        } catch (IOException | RuntimeException e) {
            // A listener that cannot bind says so itself ("cannot listen on ADDR: why").
            err.println("flowstate run: " + (e instanceof io.flowstate.core.spi.ListenException ? ""
                    : "cannot start: ") + e.getMessage());
            if (demo != null) {
                demo.close();
            }
            return FAILED;
        }
        err.printf("flowstate %s: engine %s, listening on http://%s (%d route(s), %d pool(s))%n",
                version(), engine.name(), FlowStateServer.hostPort(server.address()), config.routes().size(), config.pools().size());
        if (server.adminAddress() != null) {
            err.printf("flowstate: admin API on http://%s (/metrics, /admin/backends, /readyz)%n",
                    FlowStateServer.hostPort(server.adminAddress()));
        }
        err.flush();
        Signals.onReload(() -> report(server.reload(), err));
        ConfigWatch watch = o.watch() ? ConfigWatch.start(o.config(), () -> report(server.reload(), err), err) : null;
        int code = awaitSignalThenDrain(server, err);
        if (watch != null) {
            watch.close();
        }
        if (demo != null) {
            demo.close();
        }
        return code;
    }

    private static void report(AdminActions.ReloadOutcome r, PrintStream err) {
        if (r.applied()) {
            err.println("flowstate: reload " + r.message());
            err.flush();
        } else {
            err.println("flowstate: reload refused: " + r.message());
            r.errors().forEach(e -> err.println("  " + e));
            err.flush();
        }
    }

    /**
     * Blocks until SIGTERM or SIGINT, then drains; or until a drain that the admin API
     * began is over. A second signal while draining closes at once. All end with exit code
     * 0: stopping on request is success.
     */
    private static int awaitSignalThenDrain(FlowStateServer server, PrintStream err) {
        CountDownLatch first = new CountDownLatch(1);
        Signals.onTermination(() -> {
            if (first.getCount() == 0) {
                err.println("flowstate: second signal, closing now");
                server.close();
            }
            first.countDown();
        });
        server.terminated().whenComplete((cut, e) -> first.countDown());
        try {
            first.await();
            var t = server.config().timeouts();
            err.println("flowstate: draining (accepting for timeouts.drainGrace " + Durations.text(t.drainGrace())
                    + ", then requests in flight get timeouts.drain " + Durations.text(t.drain()) + ")");
            err.flush();
            int cut = server.shutdown();
            err.println("flowstate: stopped" + (cut > 0 ? "; " + cut + " request(s) cut at the drain timeout" : ""));
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            return OK;
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
