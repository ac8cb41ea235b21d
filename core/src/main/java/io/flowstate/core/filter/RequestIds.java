package io.flowstate.core.filter;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Makes request ids that are unique within a process and, with overwhelming likelihood,
 * across processes: a random 64-bit prefix drawn once, then a counter. Costs one atomic
 * increment per request and draws no randomness on the hot path.
 */
public final class RequestIds implements Supplier<String> {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    /** @param random the source of the per-process prefix; seeded in tests */
    public RequestIds(RandomGenerator random) {
        this.prefix = HexFormat.of().toHexDigits(random.nextLong());
    }

    @Override
    public String get() {
        return prefix + "-" + Long.toHexString(counter.incrementAndGet());
    }
}
