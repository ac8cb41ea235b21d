package io.flowstate.jmh;

import io.flowstate.core.config.ConfigException;
import io.flowstate.core.config.ConfigLoader;
import io.flowstate.core.config.ProxyConfig;
import io.flowstate.core.json.Json;
import io.flowstate.core.json.JsonSyntaxException;
import io.flowstate.core.json.JsonValue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a config: {@link ConfigLoader#parse} (JSON syntax, then validation of every key,
 * with positions kept for error messages) and, to split the two, {@link Json#parse}
 * alone. Two sizes: {@code example} is {@code examples/proxy.json} as shipped (copied into
 * the jar by the build), {@code routes100} a generated config of 10 pools and 100 routes
 * with hosts, prefixes, methods and per-route filters.
 *
 * <p>Why: a config is parsed at start and at every reload, not per request, so this is
 * about reload latency and garbage, not throughput: a reload should be cheap enough to do
 * often without a pause anybody notices. The balancer names passed are the ones
 * {@link java.util.ServiceLoader} finds, as the command passes them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConfigParseBenchmark {

    private static final String[] BALANCERS = {"wrr", "p2c", "least-loaded", "p2c-ewma"};

    @Param({"example", "routes100"})
    public String config;

    private String text;
    private Set<String> balancers;

    @Setup
    public void setup() throws ConfigException {
        text = switch (config) {
            case "example" -> Fixtures.resource("proxy.json");
            case "routes100" -> routes100();
            default -> throw new IllegalArgumentException("unknown config " + config);
        };
        balancers = Fixtures.balancerNames();
        ProxyConfig parsed = ConfigLoader.parse(text, Fixtures.ENGINES, balancers);
        if (config.equals("routes100") && parsed.routes().size() != 100) {
            throw new IllegalStateException(config + ": parsed " + parsed.routes().size() + " routes");
        }
    }

    /** Syntax and validation: what a start or a reload does. */
    @Benchmark
    public ProxyConfig parseAndValidate() throws ConfigException {
        return ConfigLoader.parse(text, Fixtures.ENGINES, balancers);
    }

    /** JSON syntax alone, the tree with positions, no validation. */
    @Benchmark
    public JsonValue jsonOnly() throws JsonSyntaxException {
        return Json.parse(text);
    }

    /** A config of 10 pools (each balancer in turn, 3 backends each) and 100 routes. */
    static String routes100() {
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("""
                {
                  "listen": "127.0.0.1:8080",
                  "engine": "jdk",
                  "timeouts": { "connect": "1s", "responseHeader": "10s", "request": "30s",
                                "idle": "60s", "drain": "10s" },
                  "transport": { "keepAlive": true, "maxIdlePerBackend": 64 },
                  "limits": { "maxHeaderBytes": 16384, "maxBodyBytes": 10485760 },
                  "pools": {
                """);
        for (int p = 0; p < 10; p++) {
            String b = BALANCERS[p % BALANCERS.length];
            String balancer = b.equals("p2c-ewma") ? "{ \"type\": \"p2c-ewma\", \"decay\": \"5s\" }"
                    : b.equals("p2c") ? "{ \"type\": \"p2c\", \"bias\": 1.5 }"
                    : "\"" + b + "\"";
            sb.append("    \"pool").append(p).append("\": {\n")
                    .append("      \"balancer\": ").append(balancer).append(",\n")
                    .append("      \"backends\": [");
            for (int k = 0; k < 3; k++) {
                sb.append(k == 0 ? " " : ",\n                    ")
                        .append("{ \"url\": \"http://10.0.").append(p).append('.').append(k + 1)
                        .append(":8080\", \"weight\": ").append(k + 1).append(" }");
            }
            sb.append(" ]\n    }").append(p < 9 ? ",\n" : "\n");
        }
        sb.append("  },\n  \"routes\": [\n");
        for (int r = 0; r < 100; r++) {
            String host = r % 10 < 6 ? "svc" + (r % 8) + ".example.com" : r % 10 == 6 ? "*.t" + (r % 3) + ".example.net" : "*";
            boolean exact = r % 5 == 4;
            sb.append("    { \"name\": \"route").append(r).append("\", \"host\": \"").append(host)
                    .append("\", \"path\": \"/api/v").append(1 + r % 3).append("/r").append(r)
                    .append("\", \"match\": \"").append(exact ? "exact" : "prefix").append('"');
            if (!exact && r % 4 == 0) {
                sb.append(", \"stripPrefix\": true");
            }
            if (r % 3 == 0) {
                sb.append(", \"methods\": [\"GET\", \"HEAD\"]");
            }
            sb.append(", \"pool\": \"pool").append(r % 10).append('"');
            if (r % 7 == 0) {
                sb.append(", \"filters\": [ { \"type\": \"requestId\" } ]");
            }
            sb.append(" }").append(r < 99 ? ",\n" : "\n");
        }
        sb.append("  ],\n  \"filters\": [ { \"type\": \"requestId\" }, { \"type\": \"recovery\" } ]\n}\n");
        return sb.toString();
    }
}
