package io.flowstate.harness.backend;

import io.flowstate.core.json.Json;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a test backend treats connections and requests. Every mode applies to {@code GET /healthz}
 * as to any other request; {@link TestBackends} states what a health check sees in each.
 *
 * <p>A mode takes effect at once: requests read after the change follow the new mode, and
 * requests already being answered finish under the behaviour they started with (except for
 * {@link #REFUSE}, which closes every connection, and {@link #HANG}, whose requests wait for the
 * next change).
 */
public enum Mode {
    /** Normal service: latency, then the response (an error response with the behaviour's error rate). */
    UP,
    /**
     * Connections are refused: the listening socket is closed and every open connection with it,
     * as when the process dies. The port stays reserved (bound, not listening, so a connect gets
     * a TCP reset: "connection refused"), and the backend listens on the same port again when the
     * mode changes back.
     */
    REFUSE,
    /**
     * Each request is read in full, then after the latency the response head and half of the
     * body are written (half of the head when the body is empty, or for {@code HEAD}) and the
     * connection is reset ({@code SO_LINGER} 0, so the peer sees a TCP RST, not a FIN).
     */
    RESET,
    /**
     * Connections are accepted and each request is read, but nothing is answered until the mode
     * changes; then the waiting requests are served under the new behaviour. Closing the
     * backends closes them unanswered.
     */
    HANG,
    /** Every response, after the latency, has the behaviour's {@code errorStatus}. */
    ERROR,
    /**
     * After the latency the head is written at once and the body trickles out in
     * {@link #SLOW_BODY_PIECES} pieces over about {@link #SLOW_BODY_MILLIS} ms. The error rate
     * applies as in {@link #UP}.
     */
    SLOW_BODY;

    /** Into how many pieces {@link #SLOW_BODY} cuts a body (fewer when the body has fewer bytes). */
    public static final int SLOW_BODY_PIECES = 20;

    /** About how long, in milliseconds, {@link #SLOW_BODY} takes to send a body. */
    public static final int SLOW_BODY_MILLIS = 1000;

    /** The name used in JSON: lower case, {@code -} for {@code _} ({@code "slow-body"}). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The mode whose {@link #jsonName()} is {@code name}.
     *
     * @throws IllegalArgumentException listing the accepted names when there is none
     */
    public static Mode fromJsonName(String name) {
        for (Mode m : values()) {
            if (m.jsonName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode " + Json.quote(name) + "; expected one of "
                + Arrays.stream(values()).map(Mode::jsonName).collect(Collectors.joining(", ")));
    }
}
