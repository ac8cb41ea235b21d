package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once: totals are exact when they are done, they all resolve the same
 * handle, and scrapes taken meanwhile are well-formed. Threads start together on a latch
 * and are joined; nothing sleeps.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 50_000;

    /** Runs {@code work} on {@link #THREADS} threads released together; rethrows the first failure. */
    static void onManyThreads(Runnable work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    work.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void countsAreExact() throws InterruptedException {
        Metrics m = Metrics.create();
        Counter requests = m.counter(MetricNames.REQUESTS, "web", "web", "b:1", "GET", "2xx");
        Counter bytes = m.counter(MetricNames.RESPONSE_BODY_BYTES, "web");
        Gauge inFlight = m.gauge(MetricNames.REQUESTS_IN_FLIGHT, "web");
        Histogram duration = m.histogram(MetricNames.REQUEST_DURATION, "web");
        onManyThreads(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
                inFlight.inc();
                requests.inc();
                bytes.add(3);
                duration.observeNanos(i * 1_000L);
                inFlight.dec();
            }
        });
        long total = (long) THREADS * PER_THREAD;
        assertEquals(total, requests.value());
        assertEquals(3 * total, bytes.value());
        assertEquals(0, inFlight.value());
        assertEquals(total, duration.count());
        long perThreadSum = 1_000L * PER_THREAD * (PER_THREAD - 1) / 2;
        assertEquals(THREADS * perThreadSum, duration.sumNanos());
    }

    @Test
    void scrapesWhileRecordingAreWellFormedAndEndExact() throws InterruptedException {
        Metrics m = Metrics.create();
        Histogram ttfb = m.histogram(MetricNames.UPSTREAM_TTFB, "web", "b:1");
        Counter opened = m.counter(MetricNames.UPSTREAM_CONNECTIONS_OPENED, "web", "b:1");
        AtomicBoolean recording = new AtomicBoolean(true);
        AtomicReference<Throwable> scrapeFailure = new AtomicReference<>();
        AtomicInteger scrapes = new AtomicInteger();
        Thread scraper = new Thread(() -> {
            try {
                do {
                    Exposition.checkHistogram(Exposition.parse(PrometheusText.format(m))
                            .get(MetricNames.UPSTREAM_TTFB.name()));
                    scrapes.incrementAndGet();
                } while (recording.get());
            } catch (Throwable e) {
                scrapeFailure.set(e);
            }
        });
        scraper.start();
        try {
            onManyThreads(() -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    ttfb.observeNanos(i * 10_000L);
                    opened.inc();
                }
            });
        } finally {
            recording.set(false);
            scraper.join();
        }
        if (scrapeFailure.get() != null) {
            throw new AssertionError(scrapeFailure.get());
        }
        long total = (long) THREADS * PER_THREAD;
        Exposition.Family f = Exposition.parse(PrometheusText.format(m))
                .get(MetricNames.UPSTREAM_TTFB.name());
        assertEquals((double) total,
                f.sample(MetricNames.UPSTREAM_TTFB.name() + "_count",
                        Map.of("pool", "web", "backend", "b:1")).value());
        assertEquals(total, opened.value());
        assertTrue(scrapes.get() >= 1);
    }

    @Test
    void everyThreadResolvesTheSameHandle() throws InterruptedException {
        Metrics m = Metrics.create();
        ConcurrentHashMap<Counter, Boolean> seen = new ConcurrentHashMap<>();
        onManyThreads(() -> {
            for (int i = 0; i < 1_000; i++) {
                Counter c = m.counter(MetricNames.UPSTREAM_RETRIES, "web", "reset");
                seen.put(c, true);
                c.inc();
            }
        });
        assertEquals(1, seen.size());
        Counter c = seen.keySet().iterator().next();
        assertSame(c, m.counter(MetricNames.UPSTREAM_RETRIES, "web", "reset"));
        assertEquals(THREADS * 1_000L, c.value());
    }
}
