package io.flowstate.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The parsed options of {@code run} and {@code validate}. The config is given as
 * {@code -c FILE}, {@code --config FILE} or {@code --config=FILE}; {@code validate -c -}
 * reads it from standard input.
 */
record Options(Path config, String engine, boolean demoBackends, boolean watch) {

    /** A mistake on the command line; the message says which. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --help} was given. */
    static final class HelpRequested extends Exception {
        HelpRequested() {
            super("help");
        }
    }

    static Options parse(List<String> args, boolean runOptions) throws UsageException, HelpRequested {
        Path config = null;
        String engine = null;
        boolean demo = false;
        boolean watch = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--config=")) {
                config = configPath(a.substring("--config=".length()), runOptions, "--config=");
                continue;
            }
            switch (a) {
                case "-h", "--help" -> throw new HelpRequested();
                case "-c", "--config" -> config = configPath(value(args, ++i, a), runOptions, a);
                case "--engine" -> {
                    if (!runOptions) {
                        throw new UsageException("--engine is an option of run");
                    }
                    engine = value(args, ++i, a);
                }
                case "--demo-backends" -> {
                    if (!runOptions) {
                        throw new UsageException("--demo-backends is an option of run");
                    }
                    demo = true;
                }
                case "--watch" -> {
                    if (!runOptions) {
                        throw new UsageException("--watch is an option of run");
                    }
                    watch = true;
                }
                default -> throw new UsageException("unknown option \"" + a + "\"");
            }
        }
        if (config == null) {
            throw new UsageException("missing -c FILE");
        }
        return new Options(config, engine, demo, watch);
    }

    /** Whether {@code config} names standard input ({@code -c -}). */
    static boolean isStdin(Path config) {
        return STDIN.equals(config.toString());
    }

    private static final String STDIN = "-";

    private static Path configPath(String value, boolean runOptions, String option) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(option + " needs a file");
        }
        if (STDIN.equals(value) && runOptions) {
            throw new UsageException("run needs a config file, not standard input: it reads the file again on reload");
        }
        return Path.of(value);
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }
}
