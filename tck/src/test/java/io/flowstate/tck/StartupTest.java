package io.flowstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flowstate.core.spi.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** What a user reads when the proxy cannot start. */
class StartupTest {

    /** One plain sentence, the same on every engine: the address as written, and why. */
    @EngineTest
    void aListenerThatCannotBindSaysSoOnce(Engine engine) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String address = "127.0.0.1:" + taken.getLocalPort();
            IOException e = assertThrows(IOException.class,
                    () -> Proxy.on(engine).backends("http://127.0.0.1:1").listen(address).start().close());
            assertEquals("cannot listen on " + address + ": address already in use", e.getMessage());
        }
    }

    /** limits.maxConnections: one connection past it is told so and closed; those open are served on. */
    @EngineTest
    void aConnectionPastTheLimitIsAnswered503AndThoseOpenAreServed(Engine engine) throws Exception {
        try (Backend backend = Backend.echo();
             Proxy proxy = Proxy.on(engine).backends(backend).limit("maxConnections", 2).start();
             Client first = proxy.client(); Client second = proxy.client()) {
            assertEquals(200, first.get("/1").status());
            assertEquals(200, second.get("/2").status());
            try (Client third = proxy.client()) {
                Client.Reply refused = third.read("GET");
                assertEquals(503, refused.status());
                assertEquals("too_many_connections", refused.reason());
                assertEquals(true, third.closedByPeer());
            }
            assertEquals(200, first.get("/1-again").status());
            assertEquals(200, second.get("/2-again").status());
        }
    }
}
