package io.flowstate.engine.nio;

import io.flowstate.core.http.Body;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;

/**
 * A body that is not this engine's own (a {@link Flow.Publisher} from elsewhere) as a
 * {@link BodySource} on a loop: one buffer is asked for at a time, and the next only once
 * the sink has taken it. Items arrive on any thread and are handed to the loop. On the wire
 * (the sink asked for wire bytes), a body of unknown length is chunked here (RFC 9112 7.1).
 */
final class FlowSource implements BodySource, Flow.Subscriber<ByteBuffer> {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Loop loop;
    private final Body body;
    private BodySink sink;
    private boolean chunk;
    private volatile Flow.Subscription subscription;
    private ByteBuffer current;
    private boolean ended;

    FlowSource(Loop loop, Body body) {
        this.loop = loop;
        this.body = body;
    }

    @Override
    public void start(BodySink s, boolean payload) {
        sink = s;
        chunk = !payload && body.length() < 0;
        body.subscribe(this);
        s.waiting();                                           // items come later, from another thread
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(ByteBuffer item) {
        loop.execute(() -> offer(item));
    }

    private void offer(ByteBuffer item) {
        if (ended) {
            return;
        }
        ByteBuffer piece = item;
        if (chunk) {
            if (!item.hasRemaining()) {
                subscription.request(1);
                return;
            }
            byte[] size = (Integer.toHexString(item.remaining()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            piece = ByteBuffer.allocate(size.length + item.remaining() + 2);
            piece.put(size).put(item).put(CRLF).flip();
        }
        current = piece;
        if (sink.data(piece)) {
            current = null;
            subscription.request(1);
        }
    }

    @Override
    public void resume() {
        if (current != null && !current.hasRemaining()) {
            current = null;
            subscription.request(1);
        }
    }

    @Override
    public void abort() {
        ended = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onError(Throwable t) {
        loop.execute(() -> {
            if (!ended) {
                ended = true;
                sink.fail(t);
            }
        });
    }

    @Override
    public void onComplete() {
        loop.execute(() -> {
            if (ended) {
                return;
            }
            ended = true;
            if (chunk) {
                sink.data(ByteBuffer.wrap(LAST));              // the last chunk (RFC 9112 7.1)
            }
            sink.end();
        });
    }
}
