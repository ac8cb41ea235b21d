package io.flowstate.tck;

import static io.flowstate.core.health.HealthEvent.Kind.EJECTED;
import static io.flowstate.core.health.HealthEvent.Kind.HEALTHY;
import static io.flowstate.core.health.HealthEvent.Kind.PANIC_ENTERED;
import static io.flowstate.core.health.HealthEvent.Kind.UNHEALTHY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.health.HealthEvent;
import io.flowstate.core.spi.Engine;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Active health checks and the panic threshold through the real proxy: which endpoints take
 * traffic as probes fail and pass, and what a client sees when none is healthy (DESIGN.md
 * section 6: 503 when no endpoint can take traffic). Every wait is on a health event.
 */
class HealthCheckTest {

    /**
     * Probes of {@code GET /health} every 100 ms. The first result decides at once; after that two
     * in a row change the state, so one slow probe on a busy machine does not flip a healthy backend.
     */
    private static final String ACTIVE = """
            "active": { "path": "/health", "interval": "100ms", "timeout": "100ms",
                        "healthyThreshold": 2, "unhealthyThreshold": 2 }""";

    static String pool(String options, String... urls) {
        return "{ \"main\": { \"backends\": ["
                + Arrays.stream(urls).map(u -> "{ \"url\": \"" + u + "\" }").collect(Collectors.joining(", "))
                + "]" + (options.isEmpty() ? "" : ", " + options) + " } }";
    }

    /** A backend that answers its health path with {@code health}'s status, and anything else 200 with its name. */
    private static Backend withHealth(String name, AtomicInteger health) throws IOException {
        return Backend.start(call -> {
            if (isProbe(call.head)) {
                call.respond(health.get(), "health");
            } else {
                call.respond(200, name);
            }
        });
    }

    private static boolean isProbe(Wire.Head head) {
        return head.startLine().startsWith("GET /health ");
    }

    /** Requests the backend received, probes not counted. */
    static long traffic(Backend backend) {
        return backend.headsSoFar().stream().filter(h -> !isProbe(h)).count();
    }

    /** Distinct closed loopback ports: backends that were there and are gone. */
    static int[] deadPorts(int n) throws IOException {
        Backend[] gone = new Backend[n];
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            gone[i] = Backend.echo();
            ports[i] = gone[i].port();
        }
        for (Backend g : gone) {
            g.close();
        }
        return ports;
    }

    @EngineTest
    void failingHealthPathTakesABackendOutUntilItsProbesPassAgain(Engine engine) throws Exception {
        AtomicInteger aHealth = new AtomicInteger(503);
        HealthEvents events = new HealthEvents();
        try (Backend a = withHealth("a", aHealth); Backend b = withHealth("b", new AtomicInteger(200));
             Proxy proxy = Proxy.on(engine).pools(pool("\"health\": {" + ACTIVE + "}", a.url(), b.url()))
                     .healthEvents(events).start();
             Client client = proxy.client()) {
            HealthEvent down = events.await(UNHEALTHY, a.hostPort());
            assertTrue(down.reason().contains("503"), down.toString());
            proxy.awaitHealthPublished();

            for (int i = 0; i < 10; i++) {
                Client.Reply reply = client.get("/while-down/" + i);
                assertEquals(200, reply.status());
                assertEquals("b", reply.text(), "an unhealthy backend took a request; events: " + events);
            }
            assertEquals(0, traffic(a));

            aHealth.set(200);
            events.await(HEALTHY, a.hostPort());
            int sent = 0;
            while (traffic(a) == 0) {
                assertTrue(++sent <= 10, "a healthy-again backend got none of 10 requests; events: " + events);
                assertEquals(200, client.get("/after/" + sent).status());
            }
            assertEquals(0, events.count(UNHEALTHY, b.hostPort()), "the healthy backend was marked down: " + events);
        }
    }

    /**
     * Once UNHEALTHY has been announced for an endpoint, the requests that follow do not go
     * to it. The listener here holds the probe's thread for a moment after the event (up to
     * 10 s, until two GETs have been answered), which any scheduling delay of that thread
     * can do as well.
     *
     * <p>PoolHealth publishes a transition's candidate list before it tells its listener, so
     * a client that reacts to the event sees routing follow it.
     */
    @EngineTest
    void endpointAnnouncedUnhealthyTakesNoMoreRequests(Engine engine) throws Exception {
        CountDownLatch announced = new CountDownLatch(1);
        CountDownLatch looked = new CountDownLatch(1);
        HealthEvents events = new HealthEvents();
        try (Backend a = withHealth("a", new AtomicInteger(503)); Backend b = withHealth("b", new AtomicInteger(200));
             Proxy proxy = Proxy.on(engine).pools(pool("\"health\": {" + ACTIVE + "}", a.url(), b.url()))
                     .healthEvents(events.andThen(e -> {
                         if (e.kind() == UNHEALTHY) {
                             announced.countDown();
                             try {
                                 looked.await(10, TimeUnit.SECONDS);
                             } catch (InterruptedException ignored) {
                                 Thread.currentThread().interrupt();
                             }
                         }
                     })).start();
             Client client = proxy.client()) {
            try {
                assertTrue(announced.await(10, TimeUnit.SECONDS), "no UNHEALTHY event");
                List<String> answers = List.of(client.get("/1").text(), client.get("/2").text());
                assertEquals(List.of("b", "b"), answers, "requests after UNHEALTHY of a; events: " + events);
            } finally {
                looked.countDown();
            }
        }
    }

    @EngineTest
    void backendWhosePortIsClosedIsProbedBackIn(Engine engine) throws Exception {
        int port = deadPorts(1)[0];
        String key = "127.0.0.1:" + port;
        HealthEvents events = new HealthEvents();
        try (Backend b = withHealth("b", new AtomicInteger(200));
             Proxy proxy = Proxy.on(engine).pools(pool("\"health\": {" + ACTIVE + "}", "http://" + key, b.url()))
                     .healthEvents(events).start();
             Client client = proxy.client()) {
            HealthEvent down = events.await(UNHEALTHY, key);
            assertTrue(down.reason().contains("connect refused"), down.toString());
            proxy.awaitHealthPublished();

            for (int i = 0; i < 10; i++) {
                Client.Reply reply = client.get("/while-down/" + i);
                assertEquals(200, reply.status());
                assertEquals("b", reply.text());
            }
            // Had a request been tried on it, passive health would have ejected it (1 of 2 may be).
            assertEquals(0, events.count(EJECTED, key), "a request was sent to an unhealthy endpoint: " + events);

            try (Backend back = Backend.start(port, call -> call.respond(200, "back"))) {
                events.await(HEALTHY, key);
                int sent = 0;
                while (traffic(back) == 0) {
                    assertTrue(++sent <= 10, "the backend that came back got none of 10 requests; events: " + events);
                    assertEquals(200, client.get("/after/" + sent).status());
                }
            }
        }
    }

    /** Fail-closed panic: with no healthy endpoint every request is 503 at once and no backend is bothered. */
    @EngineTest
    void allUnhealthyFailClosedAnswers503(Engine engine) throws Exception {
        AtomicInteger health = new AtomicInteger(503);
        HealthEvents events = new HealthEvents();
        String options = "\"health\": {" + ACTIVE + ", \"panic\": { \"mode\": \"closed\" } }";
        try (Backend a = withHealth("a", health); Backend b = withHealth("b", health);
             Proxy proxy = Proxy.on(engine).pools(pool(options, a.url(), b.url())).healthEvents(events).start();
             Client client = proxy.client()) {
            HealthEvent panic = events.await(PANIC_ENTERED, null);
            assertTrue(panic.reason().contains("failing closed"), panic.toString());
            proxy.awaitHealthPublished();
            for (int i = 0; i < 10; i++) {
                Client.Reply reply = client.get("/closed/" + i);
                assertEquals(503, reply.status(), reply.text());
                assertEquals("no_healthy_endpoint", reply.reason());
                assertEquals(reply.header("X-Request-Id"), reply.errorRequestId());
            }
            assertEquals(0, traffic(a) + traffic(b), "a fail-closed pool sent requests to its backends");
        }
    }

    /**
     * Fail-open panic (the default): with no healthy endpoint the proxy tries them all anyway.
     * Backends whose health path fails but that still serve answer the requests; backends that
     * are gone give 502 (connection refused), not the 503 of a pool with nothing to try.
     */
    @EngineTest
    void allUnhealthyFailOpenStillTriesThem(Engine engine) throws Exception {
        AtomicInteger health = new AtomicInteger(503);
        HealthEvents events = new HealthEvents();
        try (Backend a = withHealth("a", health); Backend b = withHealth("b", health);
             Proxy proxy = Proxy.on(engine).pools(pool("\"health\": {" + ACTIVE + "}", a.url(), b.url()))
                     .healthEvents(events).start();
             Client client = proxy.client()) {
            HealthEvent panic = events.await(PANIC_ENTERED, null);
            assertTrue(panic.reason().contains("failing open"), panic.toString());
            proxy.awaitHealthPublished();
            for (int i = 0; i < 10; i++) {
                assertEquals(200, client.get("/open/" + i).status());
            }
            assertEquals(10, traffic(a) + traffic(b));
        }

        HealthEvents deadEvents = new HealthEvents();
        int[] ports = deadPorts(2);
        String a = "127.0.0.1:" + ports[0];
        String b = "127.0.0.1:" + ports[1];
        try (Proxy proxy = Proxy.on(engine).pools(pool("\"health\": {" + ACTIVE + "}", "http://" + a, "http://" + b))
                .healthEvents(deadEvents).start();
             Client client = proxy.client()) {
            deadEvents.await(PANIC_ENTERED, null);
            proxy.awaitHealthPublished();
            for (int i = 0; i < 10; i++) {
                Client.Reply reply = client.get("/gone/" + i);
                assertEquals(502, reply.status(), reply.text());
                assertEquals("upstream_connect_failed", reply.reason());
            }
        }
    }
}
