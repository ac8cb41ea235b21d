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
}
