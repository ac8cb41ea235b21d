package io.flowstate.core.pool;

/**
 * Hears about the connections an engine's upstream uses for one endpoint, for the
 * connection metrics. Set on the endpoint when a config is compiled; an engine that can
 * tell calls it, once per try, from the thread that sends the try. Must be quick.
 */
public interface ConnectionObserver {

    /**
     * The try went out on a connection opened for it.
     *
     * @param connectNanos from the try being handed to the engine to the request starting on
     *                     the new connection: the TCP connect, plus any wait for a connection slot
     */
    void opened(long connectNanos);

    /** The try went out on a kept-alive connection that had served a request before. */
    void reused();

    /** Hears nothing: endpoints whose config records no metrics. */
    ConnectionObserver NONE = new ConnectionObserver() {
        @Override
        public void opened(long connectNanos) {
        }

        @Override
        public void reused() {
        }
    };
}
