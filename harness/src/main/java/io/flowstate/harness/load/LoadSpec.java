package io.flowstate.harness.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One load to apply: where, what, how many connections, at what rate, for how long.
 *
 * <p>Every request is {@code GET path HTTP/1.1} with {@code Host: host}, encoded once for the
 * whole run. A spec that exists is runnable: the constructor checks every component and throws
 * {@link IllegalArgumentException} naming the one that is wrong.
 *
 * @param target         where to connect; must be a resolved loopback address (127.0.0.0/8 or
 *                       ::1) with a port: the harness only loads what runs on this machine
 * @param host           the {@code Host} field value, e.g. {@code "bench.local"} or
 *                       {@code "127.0.0.1:8080"}; visible ASCII, no spaces
 * @param path           the request target in origin form: starts with {@code /}, visible ASCII
 * @param keepAlive      true: connections are reused until the server closes one; false: each
 *                       request is sent with {@code Connection: close} on a connection of its own
 * @param connections    how many connections at most, at least 1, at most
 *                       {@link #MAX_CONNECTIONS}; in closed loop also the number of concurrent
 *                       requests
 * @param ratePerSecond  0: closed loop, each connection sends its next request when the previous
 *                       one ends; above 0: open loop at this total rate over all connections,
 *                       request i intended at {@code start + i / ratePerSecond}; finite
 * @param warmup         load applied first and left out of every result, at most this long (a
 *                       {@link WarmUp} may end it earlier); zero or more
 * @param duration       the measured load after the warm-up; more than zero
 * @param requestTimeout how long a request may take, from its intended send time (open loop) or
 *                       its send time (closed loop), before it counts as an error; more than
 *                       zero. It also bounds how long the run drains after {@code duration}
 */
public record LoadSpec(InetSocketAddress target, String host, String path, boolean keepAlive, int connections,
                       double ratePerSecond, Duration warmup, Duration duration, Duration requestTimeout) {

    /** The most connections one run opens at once. */
    public static final int MAX_CONNECTIONS = 10_000;

    /** Checks every component; see the class comment. */
    public LoadSpec {
        Objects.requireNonNull(target, "target");
        requireLoopback(target);
        requireToken("host", host, false);
        requireToken("path", path, true);
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 1.." + MAX_CONNECTIONS + ", got " + connections);
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be 0 (closed loop) or a finite positive rate, got "
                    + ratePerSecond);
        }
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative, got " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
    }

    /** True for open loop (a constant rate), false for closed loop. */
    public boolean openLoop() {
        return ratePerSecond > 0;
    }

    /** One line naming every component, as written into the .hlog header. */
    public String describe() {
        String loop = openLoop()
                ? String.format(Locale.ROOT, "open loop %.1f req/s", ratePerSecond)
                : "closed loop";
        return "target=" + target.getAddress().getHostAddress() + ":" + target.getPort()
                + " host=" + host + " path=" + path + " " + loop + " connections=" + connections
                + " keepAlive=" + keepAlive + " warmup=" + warmup + " duration=" + duration
                + " requestTimeout=" + requestTimeout;
    }

    private static void requireLoopback(InetSocketAddress target) {
        InetAddress address = target.getAddress();
        if (target.isUnresolved() || address == null) {
            throw new IllegalArgumentException("target " + target + " is unresolved; give a loopback address");
        }
        // isLoopbackAddress is exactly 127.0.0.0/8 for IPv4 and ::1 for IPv6.
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("target " + target
                    + " is not a loopback address (127.0.0.0/8 or ::1); the load generator only loads this machine");
        }
        if (target.getPort() == 0) {
            throw new IllegalArgumentException("target " + target + " has no port");
        }
    }

    private static void requireToken(String name, String value, boolean originForm) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || (originForm && value.charAt(0) != '/')) {
            throw new IllegalArgumentException(name + " must " + (originForm ? "start with '/'" : "not be empty")
                    + ", got \"" + value + "\"");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(name + " must be visible ASCII without spaces, got \""
                        + value + "\" (character " + i + ")");
            }
        }
    }
}
