package io.flowstate.engine.jetty;

import io.flowstate.core.http.Body;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;

/**
 * A {@link Body} over a Jetty {@link Content.Source}: a request body the ingress read, or
 * a response body the upstream received. The other side of this engine recognises it and
 * hands the source on untouched ({@link #source()}), so bytes flow with Jetty's own demand
 * and backpressure; anyone else subscribes or reads a stream.
 */
final class SourceBody implements Body {
    private final Content.Source source;
    private final long length;
    private final AtomicBoolean taken = new AtomicBoolean();

    SourceBody(Content.Source source, long length) {
        this.source = Objects.requireNonNull(source, "source");
        this.length = length;
    }

    /** Takes the source, once: the body is consumed through it. */
    Content.Source source() {
        take();
        return source;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream stream() {
        take();
        return Content.Source.asInputStream(source);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        take();
        Content.Source.asPublisher(source).subscribe(new Flow.Subscriber<Content.Chunk>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(Content.Chunk chunk) {
                // The chunk's buffer is Jetty's and is recycled after this call: copy it out.
                ByteBuffer copy = ByteBuffer.allocate(chunk.remaining());
                copy.put(chunk.getByteBuffer().slice()).flip();
                subscriber.onNext(copy);
            }

            @Override
            public void onError(Throwable failure) {
                subscriber.onError(failure);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    /** Fails the source, so that Jetty releases it (a response's connection is closed, not reused). */
    @Override
    public void discard() {
        source.fail(new java.io.EOFException("body not wanted"));
    }

    private void take() {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException("body already consumed: a body is read once");
        }
    }
}
