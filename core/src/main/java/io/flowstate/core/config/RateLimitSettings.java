package io.flowstate.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The options of a {@code rateLimit} filter: a token bucket per key. JSON:
 * {@code {"type": "rateLimit", "rate": 10, "burst": 20, "key": "client"}}.
 *
 * @param rate    how many requests per second each key may make on average; a multiple of
 *                {@link #MIN_RATE} (0.001) from {@link #MIN_RATE} to {@link #MAX_RATE}; required
 * @param burst   how many requests a key may make at one instant after it has been idle: the
 *                bucket's size, in requests, 1 to {@link #MAX_BURST}; default
 *                {@link #defaultBurst(BigDecimal) the rate rounded up}
 * @param key     what requests are counted by; default {@link Key#GLOBAL}
 * @param maxKeys for a per-client or per-header key, the most buckets kept at once, 1 to
 *                {@link #MAX_KEYS_LIMIT}; default {@link #DEFAULT_MAX_KEYS}; not used by the global key
 */
public record RateLimitSettings(BigDecimal rate, int burst, Key key, int maxKeys) implements FilterSettings {

    /** The finest rate, in requests per second; every rate is a whole multiple of it. */
    public static final BigDecimal MIN_RATE = new BigDecimal("0.001");
    /** Requests per second. */
    public static final BigDecimal MAX_RATE = BigDecimal.valueOf(1_000_000);
    /** Requests; with {@link #MAX_RATE} it keeps the bucket's fixed-point arithmetic within a long. */
    public static final int MAX_BURST = 1_000_000;
    /** Buckets kept at once; roughly 250 bytes each with its key, so about 2.5 MB. */
    public static final int DEFAULT_MAX_KEYS = 10_000;
    public static final int MAX_KEYS_LIMIT = 1_000_000;

    /** What a rate limit counts requests by; each distinct value has its own bucket. */
    public sealed interface Key {
        /** One bucket for every request through the filter. */
        Key GLOBAL = new Global();
        /** One bucket per client IP address, as the socket saw it. */
        Key CLIENT = new Client();

        /** JSON {@code "global"}. */
        record Global() implements Key {
            @Override
            public String toString() {
                return "global";
            }
        }

        /** JSON {@code "client"}. */
        record Client() implements Key {
            @Override
            public String toString() {
                return "client";
            }
        }

        /**
         * JSON {@code "header:NAME"}: one bucket per value of the request field {@code name}
         * (compared case-insensitively); requests without the field share one bucket.
         */
        record Header(String name) implements Key {
            public Header {
                if (!Names.isToken(Objects.requireNonNull(name, "name"))) {
                    throw new IllegalArgumentException("not a field name (RFC 9110 5.1): " + name);
                }
            }

            @Override
            public String toString() {
                return "header:" + name;
            }
        }
    }

    public RateLimitSettings {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(key, "key");
        if (rate.compareTo(MIN_RATE) < 0 || rate.compareTo(MAX_RATE) > 0 || rate.stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("rate must be a multiple of " + MIN_RATE + " from " + MIN_RATE
                    + " to " + MAX_RATE + ", got " + rate);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be between 1 and " + MAX_BURST + ", got " + burst);
        }
        if (maxKeys < 1 || maxKeys > MAX_KEYS_LIMIT) {
            throw new IllegalArgumentException("maxKeys must be between 1 and " + MAX_KEYS_LIMIT + ", got " + maxKeys);
        }
    }

    /** A rate limit with the default burst and key, and the default key bound. */
    public static RateLimitSettings of(BigDecimal rate) {
        return new RateLimitSettings(rate, defaultBurst(rate), Key.GLOBAL, DEFAULT_MAX_KEYS);
    }

    /** The burst when none is given: the rate rounded up, so one second's worth, and at least 1. */
    public static int defaultBurst(BigDecimal rate) {
        return Math.max(1, rate.setScale(0, RoundingMode.CEILING).intValueExact());
    }

    /** The rate in thousandths of a request per second: {@code 2.5} is {@code 2500}. */
    public long milliRate() {
        return rate.movePointRight(3).longValueExact();
    }
}
