package io.flowstate.engine.nio;

import java.nio.ByteBuffer;

/**
 * Where a {@link BodySource} puts a body: the other side's socket, or a subscriber.
 *
 * <p>Loop thread only.
 */
interface BodySink {

    /**
     * Bytes of the body in {@code data}, from its position to its limit. The sink takes what
     * it can now; {@code data} stays the source's, and the source does not touch it until
     * the sink has taken all of it.
     *
     * @return true when all of it was taken (the source may read on at once); false when
     *         the sink will call {@link BodySource#resume()} once it has
     */
    boolean data(ByteBuffer data);

    /**
     * The source has nothing more ready and waits for its socket: a sink that holds back
     * something to write with the next bytes (a response head) writes it now.
     */
    default void waiting() {
    }

    /** The body ended (after the last {@link #data} was taken). */
    void end();

    /** The body broke off: the source's side went away or sent a malformed body. */
    void fail(Throwable cause);
}
