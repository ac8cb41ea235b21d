package io.flowstate.engine.jdk;

import io.flowstate.core.http.Exchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A client's request body as HttpServer hands it over (chunked framing already removed),
 * counting the bytes of each read on the exchange ({@code Exchange.addRequestBytes}): one
 * addition per read call, none per byte. The exchange is attached once it exists
 * ({@link #exchange}), before anyone reads.
 */
final class CountedInput extends FilterInputStream {
    private volatile Exchange exchange;

    CountedInput(InputStream in) {
        super(in);
    }

    void exchange(Exchange e) {
        this.exchange = e;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            count(skipped);
        }
        return skipped;
    }

    private void count(long n) {
        Exchange e = exchange;
        if (e != null) {
            e.addRequestBytes(n);
        }
    }
}
