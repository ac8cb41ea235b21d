package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.spi.Engine;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Graceful shutdown: stop accepting, let requests in flight finish within
 * {@code timeouts.drain}, close idle keep-alive connections, then close the rest.
 */
class ShutdownTest {

    @EngineTest
    void requestInFlightFinishesAndNewConnectionsAreRefused(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            if (call.head.startLine().startsWith("GET /slow ")) {
                release.await(20, TimeUnit.SECONDS);
            }
            call.respond(200, "finished");
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start();
             Client inFlight = proxy.client(); Client idle = proxy.client()) {
            assertEquals(200, idle.get("/warm").status());
            inFlight.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
            backend.nextHead();
            backend.nextHead();

            proxy.server().stopAccepting();
            // Refused, or (when it races the listener's close) closed before it is read.
            assertThrows(IOException.class, () -> new Client(proxy.address()).get("/late"),
                    "a new connection was served while draining");
            assertTrue(idle.closedByPeer(), "an idle keep-alive connection outlived the drain");
            release.countDown();
            Client.Reply reply = inFlight.read("GET");
            assertEquals(200, reply.status());
            assertEquals("finished", reply.text());
            assertEquals("close", reply.header("Connection"), "RFC 9112 9.6: a draining proxy says it closes");
            assertEquals(0, proxy.server().shutdown(), "requests cut by the drain");
        } finally {
            release.countDown();
        }
    }

    @EngineTest
    void drainTimeoutCutsWhatIsStillInFlight(Engine engine) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Backend.Script script = call -> {
            call.body();
            release.await(20, TimeUnit.SECONDS);
        };
        try (Backend backend = Backend.start(script);
             Proxy proxy = Proxy.on(engine).backends(backend).timeout("drain", "200ms").start();
             Client client = proxy.client()) {
            client.send("GET /stuck HTTP/1.1\r\nHost: h\r\n\r\n");
            backend.nextHead();
            assertEquals(1, proxy.server().shutdown(), "requests cut by the drain");
            assertTrue(client.closedByPeer(), "the cut request's connection stayed open");
        } finally {
            release.countDown();
        }
    }

    /**
     * A drain closes idle keep-alive connections at once, but never one whose last response
     * is still on its way to the client: every response the backend gave before the drain
     * arrives whole, however the drain's timing falls.
     */
    @EngineTest
    void aDrainNeverCutsAResponseOnItsWayToTheClient(Engine engine) throws Exception {
        int clients = 16;
        String body = "y".repeat(192 * 1024);
        CountDownLatch answered = new CountDownLatch(clients);
        Backend.Script script = call -> {
            call.respond(200, body);
            answered.countDown();
        };
        try (Backend backend = Backend.start(script); Proxy proxy = Proxy.on(engine).backends(backend).start()) {
            java.util.List<Client> all = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Client c = proxy.client();
                    all.add(c);
                    c.send("GET /big/" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
                }
                assertTrue(answered.await(20, TimeUnit.SECONDS));
                proxy.server().stopAccepting();                // while the responses are still travelling
                for (Client c : all) {
                    Client.Reply reply = c.read("GET");
                    assertEquals(200, reply.status());
                    assertEquals(body.length(), reply.body().length, "the response arrived whole");
                }
            } finally {
                for (Client c : all) {
                    c.close();
                }
            }
        }
    }
}
