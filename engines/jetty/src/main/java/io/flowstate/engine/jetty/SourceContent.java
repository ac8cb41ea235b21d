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
        return source.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        source.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        source.fail(failure);
    }

    @Override
    public boolean rewind() {
        return false;
    }
}
