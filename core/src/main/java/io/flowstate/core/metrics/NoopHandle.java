package io.flowstate.core.metrics;

/** What {@link Metrics#disabled()} hands out: every recording does nothing, every read is 0. */
enum NoopHandle implements Counter, Gauge, Histogram {
    INSTANCE;

    @Override
    public void inc() {
    }

    @Override
    public void dec() {
    }

    @Override
    public void add(long amount) {
    }

    @Override
    public long value() {
        return 0;
    }

    @Override
    public void observeNanos(long nanos) {
    }

    @Override
    public long count() {
        return 0;
    }

    @Override
    public long sumNanos() {
        return 0;
    }
}
