package io.flowstate.engine.nio;

/**
 * A body being read off a socket on a loop (a client's request body, a backend's response
 * body), handed to one {@link BodySink} on the same loop, one buffer at a time: the source
 * reads, gives the sink what it read, and reads again only once the sink has taken all of
 * it ({@link #resume}). So at most one buffer per direction is in flight, and a slow
 * destination stops the source's reads (its {@code OP_READ} is cleared) instead of filling
 * memory.
 *
 * <p>Loop thread only.
 */
interface BodySource {

    /**
     * Starts the flow to {@code sink}: what is read already is given at once, the rest as
     * it comes. Called once.
     *
     * @param payload whether the sink wants the payload only (chunked framing removed);
     *                otherwise it gets the body as it is on the wire, framing included
     */
    void start(BodySink sink, boolean payload);

    /** The sink has taken everything it was given: read on. */
    void resume();

    /** The sink wants no more (its side is gone): stop, and close what cannot be reused. */
    void abort();

    /** Payload bytes given so far (chunk framing not counted), for the access log and metrics; -1 when unknown. */
    default long payloadBytes() {
        return -1;
    }
}
