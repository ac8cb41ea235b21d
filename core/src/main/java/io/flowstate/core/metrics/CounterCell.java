package io.flowstate.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A counter series: one {@link LongAdder}. */
final class CounterCell implements Counter, Child {
    private final String name;
    private final LongAdder count = new LongAdder();

    CounterCell(String name) {
        this.name = name;
    }

    @Override
    public void inc() {
        count.increment();
    }

    @Override
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counter " + name + ": add(" + amount
                    + "): a counter only goes up");
        }
        count.add(amount);
    }

    @Override
    public long value() {
        return count.sum();
    }
}
