package io.flowstate.core.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A one-way switch the ingress (or the core) throws when the client goes away, a deadline
 * passes, the request body is refused while it streams, or a drain runs out of time; its
 * {@link CancelCause} says which.
 *
 * <p>Callbacks registered with {@link #onCancel} run once, on the thread that cancels, in
 * the order they were registered, or at once on the registering thread when already
 * cancelled. They must be quick and must not throw; a throwing callback is reported and the
 * others still run.
 *
 * <p>Lock-free: the whole state is one field, either the stack of callbacks registered so
 * far (none: null) or, once cancelled, the cause; {@link #cancel} swaps the one for the other with a CAS.
 * Unregistering clears a callback in place. Reads ({@link #cause()}, {@link #isCancelled()})
 * are one volatile read.
 */
public final class Cancellation {

    /** A registered callback; also its own handle: running it unregisters the callback. */
    private static final class Node implements Runnable {
        volatile Runnable callback;
        final Node next;

        Node(Runnable callback, Node next) {
            this.callback = callback;
            this.next = next;
        }

        @Override
        public void run() {
            callback = null;
        }
    }

    private static final Runnable NOTHING = () -> { };
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Cancellation.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * {@code null} (nothing registered: the initial value, so that making one writes no
     * volatile field, a fence per request), the newest {@link Node} of the callbacks, or the
     * {@link CancelCause}.
     */
    @SuppressWarnings("unused")
    private volatile Object state;

    /**
     * Runs {@code callback} when cancelled (at once if it is already); returns a handle that
     * unregisters it. Any thread.
     */
    public Runnable onCancel(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        while (true) {
            Object s = state;
            if (s instanceof CancelCause) {
                callback.run();
                return NOTHING;
            }
            Node node = new Node(callback, (Node) s);
            if (STATE.compareAndSet(this, s, node)) {
                return node;
            }
        }
    }

    /**
     * Cancels with {@code cause}; returns whether this call did (later calls do nothing and
     * return false). Runs the callbacks on this thread.
     */
    public boolean cancel(CancelCause cause) {
        Objects.requireNonNull(cause, "cause");
        Object s;
        do {
            s = state;
            if (s instanceof CancelCause) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, cause));
        if (s != null) {
            runInOrder((Node) s);
        }
        return true;
    }

    private static void runInOrder(Node newest) {
        int n = 0;
        for (Node x = newest; x != null; x = x.next) {
            n++;
        }
        Runnable[] order = new Runnable[n];
        for (Node x = newest; x != null; x = x.next) {
            order[--n] = x.callback;
        }
        for (Runnable r : order) {
            if (r == null) {
                continue;                                      // unregistered
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                System.getLogger(Cancellation.class.getName())
                        .log(System.Logger.Level.WARNING, "cancel callback failed", e);
            }
        }
    }

    public boolean isCancelled() {
        return state instanceof CancelCause;
    }

    /** Why it was cancelled, or null while it is not. */
    public CancelCause cause() {
        return state instanceof CancelCause c ? c : null;
    }

    /** Whether it was cancelled because the client went away. */
    public boolean clientClosed() {
        return state instanceof CancelCause.ClientClosed;
    }
}
