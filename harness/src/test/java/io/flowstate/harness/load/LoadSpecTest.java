package io.flowstate.harness.load;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A spec checks its components; only loopback targets are accepted. */
class LoadSpecTest {

    private static LoadSpec spec(InetSocketAddress target) {
        return new LoadSpec(target, "bench.local", "/", true, 1, 0, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    @Test
    void refusesTargetsThatAreNotLoopback() throws Exception {
        for (String host : new String[] {"192.0.2.1", "10.0.0.1", "0.0.0.0", "::", "2001:db8::1"}) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(host), 8080);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(target), host);
            assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> spec(InetSocketAddress.createUnresolved("localhost", 8080)));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenerator.run(spec(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 80)), null,
                        Progress.none()));
    }

    @Test
    void acceptsAnyLoopbackAddress() throws Exception {
        spec(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
        spec(new InetSocketAddress(InetAddress.getByName("127.1.2.3"), 8080));
        spec(new InetSocketAddress(InetAddress.getByName("::1"), 8080));
    }

    @Test
    void refusesComponentsOutOfRange() {
        InetSocketAddress t = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "a b", "/", true, 1, 0, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "", "/", true, 1, 0, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "x", true, 1, 0, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "/a\r\nX: y", true, 1, 0, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "/", true, 0, 0, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "/", true, 1, -1, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "/", true, 1, Double.NaN, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "/", true, 1, 0, s.negated(), s, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "/", true, 1, 0, s, Duration.ZERO, s));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(t, "h", "/", true, 1, 0, s, s, Duration.ZERO));
    }
}
