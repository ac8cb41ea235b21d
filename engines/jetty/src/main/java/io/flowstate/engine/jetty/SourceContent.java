package io.flowstate.engine.jetty;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Content;

/**
 * A request body the ingress received, handed to Jetty's client as its content without a
 * copy: the client reads the server's source with the server's own demand.
 */
final class SourceContent implements Request.Content {
    private final Content.Source source;
    private final long length;
    private volatile Throwable failed;

    SourceContent(Content.Source source, long length) {
        this.source = source;
        this.length = length;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public Content.Chunk read() {
        Throwable f = failed;
        return f != null ? Content.Chunk.from(f, true) : source.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        source.demand(demandCallback);
    }

    /**
     * The client gives up on the body (its request to the backend failed: the backend hung
     * up while the body streamed). That is the backend's failure, not the client's: the
     * client's request is left alone, so the gateway answers it (502, or a retry) instead
     * of Jetty failing it with a 500. What the client still sends is never read; Jetty
     * closes the connection after the response rather than reuse a half-read one.
     */
    @Override
    public void fail(Throwable failure) {
        failed = failure;
    }

    @Override
    public boolean rewind() {
        return false;
    }
}
