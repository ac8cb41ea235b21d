package io.flowstate.balancers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.pool.Balancer;
import io.flowstate.core.pool.Endpoint;
import io.flowstate.core.pool.PickContext;
import io.flowstate.core.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many threads pick and complete at once, as the proxy path does, while the candidate list
 * keeps changing under them: every pick is one of the list it was given, and every
 * outstanding counter ends at 0. Nothing waits on time: threads start together and are
 * joined.
 */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PICKS_PER_THREAD = 20_000;
    private static final int HELD_AT_MOST = 5;

    static Stream<Balancer> balancers() {
        return Stream.of(new SmoothWeightedRoundRobin(), new PowerOfTwoChoices(1.0), new PowerOfTwoChoices(2.0),
                new LeastLoaded(), new P2cPeakEwma());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("balancers")
    void countersEndAtZero(Balancer balancer) throws Exception {
        List<Endpoint> all = Picks.endpoints(1, 2, 3, 1, 5);
        List<List<Endpoint>> lists = List.of(all, all.subList(1, 5), List.of(all.get(0), all.get(4)), all.subList(2, 3));
        AtomicLong clock = new AtomicLong();
        Ticker ticker = clock::incrementAndGet;               // moves on every read, from every thread
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    List<Endpoint> held = new ArrayList<>();
                    List<Long> sentAt = new ArrayList<>();
                    int picked = 0;
                    for (int i = 0; i < PICKS_PER_THREAD; i++) {
                        List<Endpoint> candidates = lists.get(random.nextInt(lists.size()));
                        Endpoint e = balancer.pick(new PickContext(candidates, 0, random, ticker));
                        assertNotNull(e);
                        assertTrue(candidates.contains(e), e + " is not among " + candidates);
                        e.acquire();
                        held.add(e);
                        sentAt.add(ticker.nanoTime());
                        picked++;
                        while (held.size() > random.nextInt(HELD_AT_MOST + 1)) {
                            int k = random.nextInt(held.size());
                            held.get(k).observeLatency(sentAt.remove(k), ticker.nanoTime());
                            held.remove(k).release();
                        }
                    }
                    for (int k = 0; k < held.size(); k++) {
                        held.get(k).observeLatency(sentAt.get(k), ticker.nanoTime());
                        held.get(k).release();
                    }
                    return picked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(THREADS * PICKS_PER_THREAD, total);
        } finally {
            pool.shutdownNow();
        }
        for (Endpoint e : all) {
            assertEquals(0, e.outstanding(), e + " leaked");
        }
    }
}
