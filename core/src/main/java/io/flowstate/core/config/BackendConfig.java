package io.flowstate.core.config;

import java.util.Objects;

/**
 * One backend of a pool. JSON: {@code {"url": "http://host:port", "weight": 5}}.
 *
 * @param host   a lower-case host name or IPv4 literal, or an IPv6 literal without brackets
 * @param port   1 to 65535
 * @param weight relative share of traffic, {@value #MIN_WEIGHT} to {@value #MAX_WEIGHT}; default {@value #DEFAULT_WEIGHT}
 */
public record BackendConfig(String host, int port, int weight) {

    public static final int DEFAULT_WEIGHT = 1;
    public static final int MIN_WEIGHT = 1;
    public static final int MAX_WEIGHT = 1000;

    public BackendConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " is outside " + MIN_WEIGHT + ".." + MAX_WEIGHT);
        }
    }

    /** {@code host:port}, or {@code [v6]:port} for IPv6; unique within a pool. */
    public String key() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
