package io.flowstate.engine.jetty;

import java.util.Objects;
import java.util.function.LongConsumer;
import org.eclipse.jetty.io.Content;

/**
 * A {@link Content.Source} that reports the bytes of each chunk read through it, once per
 * chunk (no per-byte work), and otherwise passes everything to the source it wraps. The
 * ingress wraps a response body it copies to the client with it, so that the exchange
 * counts the body bytes handed to the client connection ({@code Exchange.addResponseBytes}).
 */
final class CountedSource implements Content.Source {
    private final Content.Source source;
    private final LongConsumer bytes;

    /** @param bytes called with the size of each non-empty chunk read, on the reading thread */
    CountedSource(Content.Source source, LongConsumer bytes) {
        this.source = Objects.requireNonNull(source, "source");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public long getLength() {
        return source.getLength();
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = source.read();
        if (chunk != null && !Content.Chunk.isFailure(chunk) && chunk.hasRemaining()) {
            bytes.accept(chunk.remaining());
        }
        return chunk;
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
    public void fail(Throwable failure, boolean last) {
        source.fail(failure, last);
    }

    @Override
    public boolean rewind() {
        return source.rewind();
    }
}
