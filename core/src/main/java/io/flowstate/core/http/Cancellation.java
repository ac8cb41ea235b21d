package io.flowstate.core.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-way switch the ingress throws when the client goes away, a deadline passes, or
 * the request body is refused while it streams.
 *
 * <p>Callbacks registered with {@link #onCancel} run once, on the thread that cancels, or
 * at once on the registering thread when already cancelled. They must be quick and must
 * not throw; a throwing callback is reported and the others still run.
 */
public final class Cancellation {
    /** The client went away before its response was complete (logged as 499). */
    public static final String CLIENT_CLOSED = "client_closed";
    /** The exchange's whole-request deadline passed ({@code timeouts.request}). */
    public static final String DEADLINE = "deadline";
    /**
     * The request body the client was streaming turned out malformed (for instance a bad
     * chunk size) or over {@code limits.maxBodyBytes}; the ingress cancels with
     * {@code BODY_REJECTED_PREFIX + status + ":" + reason}, see {@link #bodyRejected}.
     */
    public static final String BODY_REJECTED_PREFIX = "body_rejected:";

    /** The cancel reason for a request body refused while it streamed. */
    public static String bodyRejected(int status, String reason) {
        return BODY_REJECTED_PREFIX + status + ":" + reason;
    }

    private final List<Runnable> callbacks = new ArrayList<>(2);
    private String reason;

    /** Runs {@code callback} when cancelled; returns a handle that unregisters it. */
    public Runnable onCancel(Runnable callback) {
        synchronized (this) {
            if (reason == null) {
                callbacks.add(callback);
                return () -> {
                    synchronized (this) {
                        callbacks.remove(callback);
                    }
                };
            }
        }
        callback.run();
        return () -> { };
    }

    /** Cancels with a machine-readable reason; later calls do nothing. */
    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        for (Runnable r : toRun) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.getLogger(Cancellation.class.getName())
                        .log(System.Logger.Level.WARNING, "cancel callback failed", e);
            }
        }
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null while it is not. */
    public synchronized String reason() {
        return reason;
    }
}
