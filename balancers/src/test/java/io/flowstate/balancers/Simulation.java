package io.flowstate.balancers;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/**
 * A closed-loop load test on a simulated clock, no threads and no sleeping: {@code
 * concurrency} clients each send a request, wait for it, and send the next at once. A
 * request to endpoint e takes an exponentially distributed time with mean
 * {@code meanNanos(e)}. Each try is fed to the endpoint as the proxy path feeds it:
 * acquire when sent, a latency sample and a release when it completes. Seeded, so every
 * run of a test sees the same sequence.
 */
final class Simulation {
    private record InFlight(long doneAt, long sentAt, Endpoint endpoint) {
    }

    private final Balancer balancer;
    private final List<Endpoint> endpoints;
    private final int concurrency;
    private final SplittableRandom random;
    private final ManualTicker ticker = new ManualTicker(0);
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>(
            (x, y) -> Long.compare(x.doneAt(), y.doneAt()));
    private ToLongFunction<Endpoint> meanNanos;

    Simulation(Balancer balancer, List<Endpoint> endpoints, int concurrency, long seed,
               ToLongFunction<Endpoint> meanNanos) {
        this.balancer = balancer;
        this.endpoints = List.copyOf(endpoints);
        this.concurrency = concurrency;
        this.random = new SplittableRandom(seed);
        this.meanNanos = meanNanos;
    }

    /** Changes how long each endpoint takes, for requests sent from now on. */
    void meanNanos(ToLongFunction<Endpoint> mean) {
        this.meanNanos = mean;
    }

    long now() {
        return ticker.nanoTime();
    }

    /** Sends {@code picks} more requests; the picks per endpoint, in list order. */
    Map<Endpoint, Integer> run(int picks) {
        Map<Endpoint, Integer> counts = Picks.zeros(endpoints);
        PickContext context = new PickContext(endpoints, 0, random, ticker);
        for (int i = 0; i < picks; i++) {
            if (inFlight.size() >= concurrency) {
                complete(inFlight.poll());
            }
            Endpoint e = balancer.pick(context);
            e.acquire();
            long took = Math.max(1, (long) (-meanNanos.applyAsLong(e) * Math.log(1 - random.nextDouble())));
            inFlight.add(new InFlight(ticker.nanoTime() + took, ticker.nanoTime(), e));
            counts.merge(e, 1, Integer::sum);
        }
        return counts;
    }

    /** Sends no more and lets every request in flight complete. */
    void drain() {
        while (!inFlight.isEmpty()) {
            complete(inFlight.poll());
        }
    }

    private void complete(InFlight f) {
        ticker.set(Math.max(ticker.nanoTime(), f.doneAt()));
        f.endpoint().observeLatency(f.sentAt(), ticker.nanoTime());
        f.endpoint().release();
    }
}
