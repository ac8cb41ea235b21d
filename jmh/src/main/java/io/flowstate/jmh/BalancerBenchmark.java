package io.flowstate.jmh;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.pool.BalancerFactory;
import io.flowstate.core.pool.Balancers;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.Pool;
import io.flowstate.core.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pick of each balancer ({@code wrr}, {@code p2c}, {@code least-loaded},
 * {@code p2c-ewma}), found by name through {@link java.util.ServiceLoader}
 * ({@link Balancers#byName}) and made by its factory with default options, called the way
 * the proxy handler calls it ({@link Pool#pick}, which builds the {@code PickContext} with
 * {@link ThreadLocalRandom} and the system clock), from one thread and from two threads
 * sharing the pool.
 *
 * <p>Why: a pick happens on every try, and the strategies differ in what they touch: wrr
 * walks a precomputed cycle with one shared atomic counter (which two threads contend
 * on), p2c draws two random candidates and reads their load, least-loaded reads every
 * candidate's load, p2c-ewma also reads the clock and two latency estimates.
 *
 * <p>The pool: 8 endpoints, weights 5, 3, 2, 1, 1, 1, 1, 1, with 0 to 3 requests
 * outstanding each and a latency estimate of 1 to 8 ms, so every strategy has real
 * numbers to compare; nothing changes them while the benchmark runs (the pick alone is
 * measured, not the proxy path's load accounting).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BalancerBenchmark {

    private static final int[] WEIGHTS = {5, 3, 2, 1, 1, 1, 1, 1};

    @Param({"wrr", "p2c", "least-loaded", "p2c-ewma"})
    public String balancer;

    private Pool pool;

    @Setup
    public void setup() {
        BalancerFactory factory = Balancers.byName(balancer);
        if (factory == null) {
            throw new IllegalStateException("balancer \"" + balancer + "\" is not installed; installed: " + Balancers.names());
        }
        Ticker ticker = Ticker.system();
        long now = ticker.nanoTime();
        List<Endpoint> endpoints = new ArrayList<>(WEIGHTS.length);
        for (int i = 0; i < WEIGHTS.length; i++) {
            Endpoint e = new Endpoint("10.0.0." + (i + 1), 8080, WEIGHTS[i]);
            for (int k = 0; k < i % 4; k++) {
                e.acquire();
            }
            e.observeLatency(now - TimeUnit.MILLISECONDS.toNanos(1 + i), now);
            endpoints.add(e);
        }
        pool = new Pool("bench", endpoints, factory.create(BalancerConfig.of(balancer)),
                ThreadLocalRandom::current, ticker);
    }

    /** One thread picking. */
    @Benchmark
    @Threads(1)
    public Endpoint pick1Thread() {
        return pool.pick(0);
    }

    /** Two threads picking from the same pool at once (this machine's core count, in the published run). */
    @Benchmark
    @Threads(2)
    public Endpoint pick2Threads() {
        return pool.pick(0);
    }
}
