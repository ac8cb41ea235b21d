package io.flowstate.engine.jetty;

import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import java.io.IOException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A client's request body as the proxy reads it: Jetty's request source, counted against
 * {@code limits.maxBodyBytes} while it streams and on the exchange
 * ({@code Exchange.addRequestBytes}, per chunk), with a body Jetty's parser refuses
 * mid-stream (a bad chunk) turned into the core's refusal
 * ({@link CancelCause#bodyRejected}): the exchange is cancelled with the status and
 * reason, so the client gets 400 or 413 when no response head was chosen yet.
 */
final class RequestSource implements Content.Source {
    private final Request request;
    private final long maxBodyBytes;
    private volatile Exchange exchange;
    private volatile Runnable onEnd = () -> { };
    private long seen;                                     // read by one reader at a time (Content.Source contract)

    RequestSource(Request request, long maxBodyBytes) {
        this.request = request;
        this.maxBodyBytes = maxBodyBytes;
    }

    void exchange(Exchange e) {
        this.exchange = e;
    }

    /** Runs {@code action} once the body has been read to its end. */
    void onEnd(Runnable action) {
        this.onEnd = action;
    }

    @Override
    public long getLength() {
        return request.getLength();
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
            return null;
        }
        if (Content.Chunk.isFailure(chunk)) {
            if (chunk.getFailure() instanceof HttpException bad) {
                reject(bad.getCode(), JsonErrorHandler.reasonFor(bad.getCode(), chunk.getFailure().getMessage()));
            }
            return chunk;
        }
        int n = chunk.remaining();
        seen += n;
        Exchange e = exchange;
        if (e != null && n > 0) {
            e.addRequestBytes(n);                          // body bytes only; Jetty has decoded the chunking
        }
        if (maxBodyBytes >= 0 && seen > maxBodyBytes) {
            chunk.release();
            reject(413, "body_too_large");
            IOException tooLarge = new IOException("request body exceeds " + maxBodyBytes + " bytes");
            request.fail(tooLarge);
            return Content.Chunk.from(tooLarge, true);
        }
        if (chunk.isLast()) {
            onEnd.run();
        }
        return chunk;
    }

    private void reject(int status, String reason) {
        Exchange e = exchange;
        if (e != null) {
            e.cancellation().cancel(CancelCause.bodyRejected(status, reason));
        }
    }

    @Override
    public void demand(Runnable demandCallback) {
        request.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        request.fail(failure);
    }
}
