package io.flowstate.core.log;

import io.flowstate.core.json.JsonOut;
import java.io.Flushable;
import java.io.IOException;
import io.flowstate.core.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Application events (health transitions, server lifecycle, reloads) as structured lines:
 * one compact JSON object per event, written whole, on one line.
 *
 * <pre>{@code
 * {"time":"2026-11-25T19:35:18.428Z","level":"warn","event":"ejected","pool":"web","endpoint":"10.0.0.1:9001","reason":"5 consecutive 5xx"}
 * }</pre>
 *
 * <p>Every line has {@code time} (RFC 3339, UTC, milliseconds, from the log's clock),
 * {@code level} ({@code debug}, {@code info}, {@code warn} or {@code error}) and {@code event}
 * (a short snake_case name), then the caller's key/value pairs in the order given
 * ({@code pool}, {@code endpoint}, {@code reason}, {@code requestId}, ...). A pair whose value
 * is null is left out. Values keep their type: numbers are JSON numbers, booleans JSON
 * booleans, a {@link Duration} is written as the config writes durations ({@code "10s"},
 * {@code "1500ms"}), anything else as its string. Callers never pass credentials or header
 * values.
 *
 * <p>{@link #log} writes synchronously on the caller's thread, one line at a time under this
 * log's lock, and flushes; it is meant for events, which are rare, not for every request
 * (the access log has its own writer thread). A failed write is dropped silently: logging
 * must not break the proxy. Thread-safe.
 */
public final class EventLog {

    /** How much an event matters. */
    public enum Level {
        DEBUG, INFO, WARN, ERROR;

        /** The name written in the line: lower case. */
        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** RFC 3339 date-time in UTC with exactly three fraction digits ({@code 2026-11-25T19:35:18.428Z}). */
    public static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final EventLog STDERR = new EventLog(Clock.systemUTC(), System.err);

    private final Clock clock;
    private final Appendable out;

    /**
     * @param clock the wall clock the {@code time} field is read from
     * @param out   where lines go; flushed after each line when it is {@link Flushable}
     */
    public EventLog(Clock clock, Appendable out) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** The process's event log: standard error, the system clock. */
    public static EventLog stderr() {
        return STDERR;
    }

    /**
     * Writes one event.
     *
     * @param event     a short snake_case name ({@code "ejected"}, {@code "server_started"})
     * @param keyValues pairs of a key (a string) and its value; a null value leaves the pair out
     * @throws IllegalArgumentException when {@code keyValues} has an odd length or a key is not a string
     */
    public void log(Level level, String event, Object... keyValues) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(event, "event");
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must be pairs, got " + keyValues.length + " values");
        }
        JsonOut line = new JsonOut().object()
                .field("time", TIME.format(Instant.ofEpochMilli(clock.millis())))
                .field("level", level.text())
                .field("event", event);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!(keyValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key at " + i + " is not a string: " + keyValues[i]);
            }
            Object v = keyValues[i + 1];
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                line.field(key, ((Number) v).longValue());
            } else if (v instanceof Number n) {
                line.field(key, n.doubleValue());
            } else if (v instanceof Boolean b) {
                line.field(key, b);
            } else if (v instanceof Duration d) {
                line.field(key, Durations.text(d));
            } else if (v != null) {
                line.field(key, v.toString());
            }
        }
        String text = line.end() + "\n";
        synchronized (this) {
            try {
                out.append(text);
                if (out instanceof Flushable f) {
                    f.flush();
                }
            } catch (IOException | RuntimeException ignored) {
                // An event that cannot be written is lost; the proxy goes on.
            }
        }
    }
}
