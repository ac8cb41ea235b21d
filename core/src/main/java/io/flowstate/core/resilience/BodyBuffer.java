package io.flowstate.core.resilience;

import io.flowstate.core.http.Body;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Reads a request body of known, bounded length into memory so that a retry can send it
 * again: the one place the core holds a whole body (DESIGN.md section 3), bounded by the
 * pool's {@code retry.bufferBytes}.
 *
 * <p>Non-blocking: it subscribes to the body and completes when the last byte arrived, so
 * an event-loop engine is never blocked. A body that ends short of its length, or runs
 * past it, fails the stage (the ingress's framing has already been checked, so this is a
 * client that left mid-body). When the caller completes the stage itself (the request was
 * cancelled), the subscription is cancelled and the body is read no further.
 */
public final class BodyBuffer implements Flow.Subscriber<ByteBuffer> {
    private final byte[] bytes;
    private final CompletableFuture<byte[]> done = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private int filled;

    private BodyBuffer(int length) {
        this.bytes = new byte[length];
    }

    /**
     * The bytes of {@code body}, whose {@link Body#length()} must be known and at most
     * {@code Integer.MAX_VALUE}; the body is consumed.
     */
    public static CompletableFuture<byte[]> read(Body body) {
        long length = body.length();
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("body length " + length + " cannot be buffered");
        }
        if (length == 0) {
            return CompletableFuture.completedFuture(new byte[0]);
        }
        BodyBuffer buffer = new BodyBuffer((int) length);
        // Completed from outside (the request was cancelled) or failed: stop reading.
        buffer.done.whenComplete((bytes, error) -> {
            Flow.Subscription s = buffer.subscription;
            if (error != null && s != null) {
                s.cancel();
            }
        });
        body.subscribe(buffer);
        return buffer.done;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (done.isDone()) {
            subscription.cancel();
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer item) {
        int n = item.remaining();
        if (n > bytes.length - filled) {
            done.completeExceptionally(new IllegalStateException("request body longer than its length " + bytes.length));
            return;
        }
        item.get(bytes, filled, n);
        filled += n;
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (filled != bytes.length) {
            done.completeExceptionally(new IllegalStateException("request body ended after " + filled + " of "
                    + bytes.length + " bytes"));
            return;
        }
        done.complete(bytes);
    }
}
