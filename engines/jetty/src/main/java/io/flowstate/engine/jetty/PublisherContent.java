package io.flowstate.engine.jetty;

import io.flowstate.core.http.Body;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;

/**
 * A request content for Jetty's client fed from a core {@link Body} that is not Jetty's
 * own: it asks the body for one buffer at a time and asks again only when Jetty has
 * written the previous one, so a slow backend holds the producer back.
 */
final class PublisherContent implements Request.Content {
    private final AsyncRequestContent content = new AsyncRequestContent();
    private final long length;

    PublisherContent(Body body) {
        this.length = body.length();
        body.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
                content.write(buffer, Callback.from(() -> subscription.request(1), failure -> subscription.cancel()));
            }

            @Override
            public void onError(Throwable failure) {
                content.fail(failure);
            }

            @Override
            public void onComplete() {
                content.close();
            }
        });
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public Content.Chunk read() {
        return content.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        content.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        content.fail(failure);
    }

    @Override
    public boolean rewind() {
        return false;
    }
}
