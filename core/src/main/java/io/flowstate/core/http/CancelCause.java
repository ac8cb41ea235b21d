package io.flowstate.core.http;

import java.util.Objects;

/**
 * Why an exchange was cancelled: the one typed answer every part of the proxy reads
 * ({@link Cancellation#cause()}), instead of comparing reason strings.
 *
 * <ul>
 *   <li>{@link ClientClosed}: the client went away before its response was complete; the
 *       exchange is recorded as 499 (nginx's convention) if nothing was written to its end;</li>
 *   <li>{@link Deadline}: the whole-request deadline ({@code timeouts.request}) passed;
 *       504 {@code request_timeout} if no response head was chosen yet;</li>
 *   <li>{@link BodyRejected}: the request body turned out malformed or too large only while
 *       it streamed; answered with its status (400 or 413) and reason if no response head
 *       was chosen yet, and the connection closes (RFC 9112 6.3, 7.1);</li>
 *   <li>{@link Drain}: a drain's {@code timeouts.drain} ran out while the request was still
 *       in flight; 503 {@code drain_timeout} if no response head was chosen yet.</li>
 * </ul>
 */
public sealed interface CancelCause {

    /** The machine-readable reason, as error bodies, logs and metrics write it. */
    String reason();

    /** The client went away. */
    ClientClosed CLIENT_CLOSED = new ClientClosed();
    /** The request deadline passed. */
    Deadline DEADLINE = new Deadline();
    /** The drain timeout cut the request. */
    Drain DRAIN = new Drain();

    /** A request body refused while it streamed, answered with {@code status} and {@code reason}. */
    static BodyRejected bodyRejected(int status, String reason) {
        return new BodyRejected(status, reason);
    }

    /** See {@link CancelCause}. */
    record ClientClosed() implements CancelCause {
        @Override
        public String reason() {
            return "client_closed";
        }
    }

    /** See {@link CancelCause}. */
    record Deadline() implements CancelCause {
        @Override
        public String reason() {
            return "request_timeout";
        }
    }

    /** See {@link CancelCause}. */
    record Drain() implements CancelCause {
        @Override
        public String reason() {
            return "drain_timeout";
        }
    }

    /**
     * See {@link CancelCause}.
     *
     * @param status 400 (malformed, RFC 9112 7.1) or 413 (over {@code limits.maxBodyBytes})
     * @param reason the body's fault, e.g. {@code invalid_chunk_size}, {@code body_too_large}
     */
    record BodyRejected(int status, String reason) implements CancelCause {
        public BodyRejected {
            Objects.requireNonNull(reason, "reason");
            if (status != 400 && status != 413) {
                throw new IllegalArgumentException("a rejected body is answered 400 or 413, not " + status);
            }
        }
    }
}
