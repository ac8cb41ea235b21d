package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.admin.AdminActions;
import io.flowstate.core.spi.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hot reload and drain on every engine: a reload under load drops nothing and changes
 * responses only as the new config says; a bad config changes nothing; a drain from the
 * admin API turns /readyz to 503 first and lets requests in flight finish.
 */
class ReloadAndDrainTest {

    private static Backend named(String name) throws IOException {
        return Backend.start(call -> {
            call.body();
            call.respond(200, name);
        });
    }

    private static String pool(Backend b) {
        return "{ \"main\": { \"backends\": [ { \"url\": \"" + b.url() + "\" } ] } }";
    }

    @EngineTest
    void tenReloadsUnderSteadyLoadDropNoRequest(Engine engine) throws Exception {
        try (Backend a = named("a"); Backend b = named("b")) {
            Proxy.Builder builder = Proxy.on(engine).pools(pool(a));
            try (Proxy proxy = builder.start()) {
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger answered = new AtomicInteger();
                List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
                ExecutorService load = Executors.newFixedThreadPool(4);
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    workers.add(load.submit(() -> {
                        try (Client c = proxy.client()) {
                            while (running.get()) {
                                Client.Reply r = c.get("/load");
                                if (r.status() != 200 || !(r.text().equals("a") || r.text().equals("b"))) {
                                    wrong.add(r.status() + " " + r.text());
                                }
                                answered.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                try {
                    for (int i = 1; i <= 10; i++) {
                        Backend now = i % 2 == 1 ? b : a;
                        builder.pools(pool(now));
                        int before = answered.get();
                        AdminActions.ReloadOutcome outcome = proxy.server().reload();
                        assertTrue(outcome.applied(), outcome.toString());
                        try (Client fresh = proxy.client()) {
                            assertEquals(i % 2 == 1 ? "b" : "a", fresh.get("/after-" + i).text(),
                                    "a request sent after reload " + i + " follows the new config");
                        }
                        while (answered.get() < before + 20) {
                            Thread.onSpinWait();                // let load run across the swap
                        }
                    }
                } finally {
                    running.set(false);
                    for (Future<?> w : workers) {
                        w.get(30, TimeUnit.SECONDS);            // a worker's I/O error fails the test here
                    }
                    load.shutdownNow();
                }
                assertEquals(List.of(), wrong, "every request under reload got 200 from a or b");
                assertTrue(answered.get() >= 200, "load ran: " + answered.get());
            }
        }
    }

    @EngineTest
    void aConfigWithErrorsChangesNothing(Engine engine) throws Exception {
        try (Backend a = named("a")) {
            Proxy.Builder builder = Proxy.on(engine).pools(pool(a));
            try (Proxy proxy = builder.start(); Client c = proxy.client()) {
                builder.routes("[ { \"name\": \"all\", \"path\": \"/\", \"pool\": \"nope\" } ]");
                AdminActions.ReloadOutcome outcome = proxy.server().reload();
                assertFalse(outcome.applied());
                assertEquals(1, outcome.errors().size(), outcome.toString());
                assertTrue(outcome.errors().get(0).startsWith("routes[0].pool: unknown pool \"nope\""),
                        outcome.errors().get(0));
                assertEquals("a", c.get("/still").text());
            }
        }
    }

    @EngineTest
    void endpointStateSurvivesAReload(Engine engine) throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (Backend a = named("a")) {
            String pools = "{ \"main\": { \"backends\": [ { \"url\": \"" + a.url() + "\" }, "
                    + "{ \"url\": \"http://127.0.0.1:" + dead + "\" } ] } }";
            Proxy.Builder builder = Proxy.on(engine).pools(pools);
            try (Proxy proxy = builder.start(); Client c = proxy.client()) {
                for (int i = 0; i < 4; i++) {
                    assertEquals("a", c.get("/x").text(), "the dead one is retried on a, then ejected");
                }
                var before = proxy.server().gateway().snapshot().pools().get("main").endpoints().get(1);
                assertTrue(before.health().ejection().isEjected());
                builder.routes("[ { \"name\": \"renamed\", \"path\": \"/\", \"pool\": \"main\" } ]");
                assertTrue(proxy.server().reload().applied());
                var after = proxy.server().gateway().snapshot().pools().get("main").endpoints().get(1);
                assertTrue(after != before, "a new snapshot");
                assertTrue(after.health().ejection().isEjected(), "the ejection carried over");
            }
        }
    }

    @EngineTest
    void aNewListenAddressGetsANewListenerAndTheOldOneStops(Engine engine) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Backend a = named("a")) {
            Proxy.Builder builder = Proxy.on(engine).pools(pool(a));
            try (Proxy proxy = builder.start()) {
                InetSocketAddress old = proxy.address();
                builder.listen("127.0.0.1:" + port);
                AdminActions.ReloadOutcome outcome = proxy.server().reload();
                assertTrue(outcome.applied(), outcome.toString());
                assertEquals(port, proxy.address().getPort());
                try (Client c = new Client(proxy.address())) {
                    assertEquals("a", c.get("/moved").text());
                }
                assertThrows(IOException.class, () -> new Client(old).get("/old"),
                        "the old listener still took a connection");
            }
        }
    }

    @EngineTest
    void drainFromTheAdminApiLetsRequestsInFlightFinish(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            if (call.head.startLine().startsWith("GET /slow ")) {
                arrived.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
            call.respond(200, "finished");
        };
        try (Backend backend = Backend.start(script);
             Proxy proxy = Proxy.on(engine).backends(backend).admin(null).start();
             Client inFlight = proxy.client()) {
            AdminClient admin = new AdminClient(proxy.server().adminAddress(), null);
            assertEquals(200, admin.call("GET", "/readyz").status());
            inFlight.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
            assertTrue(arrived.await(10, TimeUnit.SECONDS));

            assertEquals(202, admin.call("POST", "/admin/drain").status());
            assertEquals(503, admin.call("GET", "/readyz").status(), "readyz turns 503 as the drain begins");
            assertThrows(IOException.class, () -> new Client(proxy.address()).get("/late"),
                    "a new connection was served while draining");

            release.countDown();
            Client.Reply reply = inFlight.read("GET");
            assertEquals(200, reply.status());
            assertEquals("finished", reply.text());
            assertEquals("close", reply.header("Connection"), "the keep-alive connection is told to close");
            assertEquals(0, proxy.server().terminated().get(20, TimeUnit.SECONDS), "no request was cut");
        }
    }

    /** A timer the test fires by hand: what was scheduled, and after how long. */
    private static final class HandTimer implements io.flowstate.core.time.Scheduler {
        final java.util.List<Long> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.List<Runnable> due = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Runnable schedule(Runnable action, long delayNanos) {
            delays.add(delayNanos);
            due.add(action);
            return () -> due.remove(action);
        }

        void fire() {
            due.forEach(Runnable::run);
            due.clear();
        }
    }

    /**
     * Envoy's drain time, Traefik's requestAcceptGraceTimeout: once a drain begins, readiness
     * says 503 at once, but for timeouts.drainGrace the proxy still accepts and serves, so
     * that whoever polls readiness moves away before the port closes; then it stops accepting.
     */
    @EngineTest
    void aDrainKeepsAcceptingForItsGraceWhileReadinessSays503(Engine engine) throws Exception {
        HandTimer timer = new HandTimer();
        try (Backend backend = Backend.echo();
             Proxy proxy = Proxy.on(engine).backends(backend).admin(null).timeout("drainGrace", "30s")
                     .drainTimer(timer).start();
             Client kept = proxy.client()) {
            AdminClient admin = new AdminClient(proxy.server().adminAddress(), null);
            assertEquals(200, kept.get("/before").status());

            assertEquals(202, admin.call("POST", "/admin/drain").status());
            assertEquals(503, admin.call("GET", "/readyz").status(), "readyz turns 503 as the drain begins");
            assertEquals(java.util.List.of(java.time.Duration.ofSeconds(30).toNanos()), timer.delays,
                    "the grace is timed by the drain timer");
            try (Client late = proxy.client()) {
                assertEquals(200, late.get("/during-grace").status(), "a new connection is served in the grace");
            }
            assertEquals(200, kept.get("/kept-during-grace").status(), "a kept-alive connection is served too");
            assertEquals(false, proxy.server().terminated().isDone());

            timer.fire();                                       // the grace is over
            assertEquals(0, proxy.server().terminated().get(20, TimeUnit.SECONDS), "no request was cut");
            assertThrows(IOException.class, () -> new Client(proxy.address()).get("/after"),
                    "a new connection was served after the grace");
        }
    }

    @EngineTest
    void metricsCountWhatWasServed(Engine engine) throws Exception {
        try (Backend a = named("a"); Proxy proxy = Proxy.on(engine).pools(pool(a)).admin(null).start();
             Client c = proxy.client()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, c.get("/m").status());
            }
            String series = "flowstate_requests_total{route=\"all\",pool=\"main\",backend=\"" + a.url().substring(7)
                    + "\",method=\"GET\",code_class=\"2xx\"} ";
            // A request is counted when its exchange finishes, which an engine may do just
            // after the client has the last byte: scrape until the third one is in (each
            // scrape is a round trip; the bound only fails a broken build).
            AdminClient admin = new AdminClient(proxy.server().adminAddress(), null);
            String text = admin.call("GET", "/metrics").text();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text.contains(series + "3\n") && System.nanoTime() < giveUp) {
                text = admin.call("GET", "/metrics").text();
            }
            assertTrue(text.contains(series + "3\n"), text);
            assertTrue(text.contains("flowstate_upstream_ttfb_seconds_count{pool=\"main\",backend=\""), text);
            // An engine that reports its connections (Jetty's does; java.net.http cannot) says,
            // for every try, whether it opened a connection or reused one.
            String labels = "{pool=\"main\",backend=\"" + a.url().substring(7) + "\"} ";
            boolean reports;
            try (var u = engine.newUpstream(new io.flowstate.core.spi.UpstreamSettings(java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofSeconds(1), true, 1))) {
                reports = u.reportsConnections();
            }
            assertEquals(reports, text.contains("flowstate_upstream_connections_opened_total" + labels), text);
            if (reports) {
                long opened = value(text, "flowstate_upstream_connections_opened_total" + labels);
                long reused = value(text, "flowstate_upstream_connections_reused_total" + labels);
                assertEquals(3, opened + reused, text);
                assertTrue(opened >= 1, text);
                assertEquals(opened, value(text, "flowstate_upstream_connect_duration_seconds_count" + labels), text);
                assertTrue(text.contains("flowstate_upstream_connections_idle" + labels), text);
            }
            assertTrue(value(text, "flowstate_connections_accepted_total ") >= 1, text);
            assertTrue(value(text, "flowstate_connections_open ") >= 1, "the test's client is still connected");
            promtoolAccepts(text);
        }
    }

    /** The value of the sample line that starts with {@code series} (name, labels and a space). */
    private static long value(String text, String series) {
        int at = text.indexOf("\n" + series);
        assertTrue(at >= 0, series + " in\n" + text);
        int end = text.indexOf('\n', at + 1);
        return Long.parseLong(text.substring(at + 1 + series.length(), end).strip());
    }

    /** {@code promtool check metrics} on a real scrape, where promtool is installed (apt-get install prometheus). */
    private static void promtoolAccepts(String text) throws Exception {
        java.nio.file.Path promtool = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.nio.file.Path p = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (java.nio.file.Files.isExecutable(p)) {
                promtool = p;
                break;
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(promtool != null,
                "promtool is not on PATH: the scrape was parsed here but not checked by promtool"
                        + " (apt-get install prometheus provides it)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "promtool check metrics:\n" + output);
    }
}
