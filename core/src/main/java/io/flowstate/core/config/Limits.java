package io.flowstate.core.config;

/**
 * Size limits on what clients send. JSON: {@code "limits"}.
 *
 * @param maxHeaderBytes the request line plus header fields, in bytes, {@value #MIN_HEADER_BYTES} to
 *                       {@value #MAX_HEADER_BYTES}; default {@value #DEFAULT_MAX_HEADER_BYTES}. Over it: 431.
 * @param maxBodyBytes   a request body, in bytes, at least 0, or {@value #NO_BODY_LIMIT} for no limit;
 *                       default {@value #DEFAULT_MAX_BODY_BYTES} (100 MiB). Over it: 413.
 * @param maxConnections client connections open at once, 1 to {@value #MAX_CONNECTIONS};
 *                       default {@value #DEFAULT_MAX_CONNECTIONS}. A connection past it is
 *                       answered 503 {@code too_many_connections} and closed; those open are
 *                       served on.
 */
public record Limits(int maxHeaderBytes, long maxBodyBytes, int maxConnections) {

    public static final int DEFAULT_MAX_HEADER_BYTES = 16_384;
    public static final int MIN_HEADER_BYTES = 1_024;
    public static final int MAX_HEADER_BYTES = 1_048_576;
    public static final long DEFAULT_MAX_BODY_BYTES = 104_857_600L;
    /** The {@code maxBodyBytes} that means "no limit". */
    public static final long NO_BODY_LIMIT = -1;
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
    public static final int MAX_CONNECTIONS = 10_000_000;
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES,
            DEFAULT_MAX_CONNECTIONS);

    /** With the default {@code maxConnections}. */
    public Limits(int maxHeaderBytes, long maxBodyBytes) {
        this(maxHeaderBytes, maxBodyBytes, DEFAULT_MAX_CONNECTIONS);
    }

    public Limits {
        if (maxHeaderBytes < MIN_HEADER_BYTES || maxHeaderBytes > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("maxHeaderBytes " + maxHeaderBytes + " is outside "
                    + MIN_HEADER_BYTES + ".." + MAX_HEADER_BYTES);
        }
        if (maxBodyBytes < NO_BODY_LIMIT) {
            throw new IllegalArgumentException("maxBodyBytes " + maxBodyBytes + " must be -1 (no limit) or at least 0");
        }
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " is outside 1.." + MAX_CONNECTIONS);
        }
    }

    /** Whether request bodies are unlimited. */
    public boolean unlimitedBody() {
        return maxBodyBytes == NO_BODY_LIMIT;
    }
}
