package io.flowstate.core.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The admin listener: metrics, state views, reload and drain. JSON: {@code "admin":
 * "127.0.0.1:9901"}, or {@code {"listen": "127.0.0.1:9901", "token": "..."}} /
 * {@code {"listen": ..., "tokenFile": "path"}}; no admin listener when absent.
 *
 * <p>With a token, every admin request but {@code /healthz} and {@code /readyz} needs
 * {@code Authorization: Bearer <token>}. An admin listener on anything but a loopback
 * address must have a token: the loader refuses the config otherwise.
 *
 * @param listen where the admin API listens
 * @param token  the bearer token, or null when none is needed (loopback only)
 */
public record AdminConfig(InetSocketAddress listen, String token) {

    public AdminConfig {
        Objects.requireNonNull(listen, "listen");
        if (token == null && !isLoopback(listen)) {
            throw new IllegalArgumentException("an admin listener on " + listen + " needs a token");
        }
    }

    /** Whether {@code address} can be reached from this host only. */
    public static boolean isLoopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }

    @Override
    public String toString() {
        return "AdminConfig[listen=" + listen + ", token=" + (token == null ? "none" : "[redacted]") + "]";
    }
}
