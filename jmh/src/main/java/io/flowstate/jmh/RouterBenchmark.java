package io.flowstate.jmh;

import io.flowstate.core.route.RouteMatch;
import io.flowstate.core.route.RouteSpec;
import io.flowstate.core.route.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Router#match} as the route table grows to 10, 100 and 1000 routes, for requests
 * that find a route ({@link #hit}) and requests that find none ({@link #miss}, the 404).
 *
 * <p>Why: the router groups routes by host (exact hosts in a hash map, wildcard suffixes
 * and then any-host routes scanned in order) and tests paths one candidate at a time, so
 * a lookup is linear in the routes of the host tiers it has to try. This measures whether
 * that scan grows into a cost worth a trie (or another index) at a thousand routes.
 *
 * <p>The table, for {@code n} routes, deterministic (seed 42): 60% on exact hosts
 * ({@code svc<k>.example.com}, about 12 routes per host), 10% on wildcard hosts
 * ({@code *.t<k>.example.net}, about 5 per suffix), 30% for any host; one route in five
 * matches its path exactly, the others by prefix; one in three lists methods. Paths look
 * like {@code /orders/v2/r417}. There is no catch-all route, so misses exist. Each
 * operation looks up the next of 1024 pre-made requests, so the lookups are not one
 * repeated constant: hits spread evenly over the routes (so over all three host tiers),
 * misses are half an unknown host (every wildcard suffix and every any-host route is tried)
 * and half a known host with an unknown path (its group, then every any-host route).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RouterBenchmark {

    private static final int LOOKUPS = 1024;              // a power of two: the index wraps with a mask
    private static final String[] WORDS = {"orders", "users", "catalog", "cart", "search", "media",
        "auth", "billing", "reports", "inventory", "static", "graphql"};

    /** One request as the router sees it. */
    private record Lookup(String host, String method, String target) {
    }

    @Param({"10", "100", "1000"})
    public int routes;

    private Router<Integer> router;
    private Lookup[] hits;
    private Lookup[] misses;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        int exactHosts = Math.max(1, routes * 6 / 10 / 12);
        int wildcardSuffixes = Math.max(1, routes / 10 / 5);
        List<Map.Entry<RouteSpec, Integer>> table = new ArrayList<>(routes);
        for (int i = 0; i < routes; i++) {
            int tier = i % 10;                                 // 0-5 exact host, 6 wildcard, 7-9 any host
            String host = tier <= 5 ? "svc" + random.nextInt(exactHosts) + ".example.com"
                    : tier == 6 ? "*.t" + random.nextInt(wildcardSuffixes) + ".example.net"
                    : "*";
            String path = "/" + WORDS[random.nextInt(WORDS.length)] + "/v" + (1 + random.nextInt(3)) + "/r" + i;
            boolean exact = i % 5 == 4;
            Set<String> methods = i % 3 == 0 ? Set.of("GET", "HEAD") : Set.of();
            table.add(Map.entry(new RouteSpec("r" + i, host, path, exact, methods, !exact && i % 4 == 0), i));
        }
        router = Router.build(table);

        hits = new Lookup[LOOKUPS];
        for (int k = 0; k < LOOKUPS; k++) {
            RouteSpec spec = table.get(random.nextInt(routes)).getKey();
            String host = spec.host().equals("*") ? "www.example.org"
                    : spec.host().startsWith("*.") ? "app" + random.nextInt(100) + spec.host().substring(1)
                    : spec.host();
            String target = spec.exact() ? spec.path() : spec.path() + "/item/" + k + "?page=" + (k % 7);
            hits[k] = new Lookup(host, "GET", target);
            if (router.match(host, "GET", target) == null) {
                throw new IllegalStateException("expected a route for " + hits[k] + " (route " + spec + ")");
            }
        }
        misses = new Lookup[LOOKUPS];
        for (int k = 0; k < LOOKUPS; k++) {
            String host = k % 2 == 0 ? "unknown" + k + ".example.org" : "svc" + random.nextInt(exactHosts) + ".example.com";
            misses[k] = new Lookup(host, "GET", "/nowhere/" + WORDS[k % WORDS.length] + "/" + k + "?q=1");
            if (router.match(host, "GET", misses[k].target()) != null) {
                throw new IllegalStateException("expected no route for " + misses[k]);
            }
        }
    }

    /** A request some route takes. */
    @Benchmark
    public void hit(Blackhole bh) {
        Lookup l = hits[next++ & (LOOKUPS - 1)];
        RouteMatch<Integer> m = router.match(l.host(), l.method(), l.target());
        bh.consume(m);
    }

    /** A request no route takes: the 404 path, the longest scan. */
    @Benchmark
    public void miss(Blackhole bh) {
        Lookup l = misses[next++ & (LOOKUPS - 1)];
        RouteMatch<Integer> m = router.match(l.host(), l.method(), l.target());
        bh.consume(m);
    }
}
