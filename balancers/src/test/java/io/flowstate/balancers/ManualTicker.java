package io.flowstate.balancers;

import io.flowstate.core.time.Ticker;

/** A clock the test moves by hand. */
final class ManualTicker implements Ticker {
    private volatile long now;

    ManualTicker(long start) {
        now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    void set(long nanos) {
        now = nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
