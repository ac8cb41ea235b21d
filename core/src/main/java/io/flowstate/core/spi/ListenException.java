package io.flowstate.core.spi;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A listener that could not be bound, said once and plainly:
 * {@code cannot listen on 127.0.0.1:8080: address already in use}. Every ingress (and the
 * admin listener) throws it from its start, so users read the same words whatever the engine.
 */
public final class ListenException extends IOException {

    private ListenException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure to listen on {@code address}, its reason taken from the innermost
     * {@link BindException} (or the innermost cause) and written in lower case without the
     * address the JDK or a library may have put in it again.
     */
    public static ListenException of(InetSocketAddress address, Throwable failure) {
        Throwable root = failure;
        Throwable bind = failure instanceof BindException ? failure : null;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof BindException) {
                bind = root;
            }
        }
        Throwable why = bind != null ? bind : root;
        String reason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        int paren = reason.indexOf(" (");                     // "Address already in use (Bind failed)"
        if (paren > 0) {
            reason = reason.substring(0, paren);
        }
        if (!reason.isEmpty()) {
            reason = reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
        }
        return new ListenException("cannot listen on " + hostPort(address) + ": " + reason, failure);
    }

    /** {@code 127.0.0.1:8080}, {@code [::1]:8080}. */
    public static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
