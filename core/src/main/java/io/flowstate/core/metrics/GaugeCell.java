package io.flowstate.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A pushed gauge series: one {@link LongAdder}, which spreads contended updates over cells. */
final class GaugeCell implements Gauge, Child {
    private final LongAdder value = new LongAdder();

    @Override
    public void inc() {
        value.increment();
    }

    @Override
    public void dec() {
        value.decrement();
    }

    @Override
    public void add(long delta) {
        value.add(delta);
    }

    @Override
    public long value() {
        return value.sum();
    }
}
