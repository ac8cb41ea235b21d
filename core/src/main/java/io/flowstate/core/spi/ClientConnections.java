package io.flowstate.core.spi;

/**
 * Hears about client connections, for the connection metrics. An ingress calls
 * {@link #opened()} once for every connection it accepts (even one it closes at once
 * because it is draining) and {@link #closed()} once when that connection is gone, from
 * any thread; both must be quick and must not throw.
 */
public interface ClientConnections {

    void opened();

    void closed();

    /** Hears nothing. */
    ClientConnections NONE = new ClientConnections() {
        @Override
        public void opened() {
        }

        @Override
        public void closed() {
        }
    };
}
