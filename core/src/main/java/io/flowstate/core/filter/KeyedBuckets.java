package io.flowstate.core.filter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@link TokenBucket} per key (a client address, a header value), all of one rate and
 * burst, with a bound on how many are kept so that memory cannot grow with the number of
 * keys a client can make up.
 *
 * <p>Thread-safe without locks. Callers pass the time, as to {@link TokenBucket}.
 */
final class KeyedBuckets {
    /*
     * The bound.
     *
     * At most maxKeys buckets are kept. A full bucket is the same as a new one, so dropping
     * it loses nothing: no key can gain a token by it. When a key without a bucket arrives and
     * the table holds maxKeys buckets, every bucket full at that moment is dropped (one scan),
     * at most once per SWEEP_INTERVAL_NANOS, so that a stream of new keys does not make every
     * request a scan. A bucket is full again burst/rate seconds after its last take, so an
     * idle key is gone by the first sweep after that.
     *
     * If the table is still at its bound (every key has taken a token within burst/rate
     * seconds), the new key gets no bucket of its own: all such keys share one overflow
     * bucket of the same rate and burst until a sweep makes room. This keeps the bound and
     * still lets some new traffic through; its cost is precision: a key that is served by the
     * overflow bucket and later gets a bucket of its own can, in that window, make up to one
     * burst more than its rate allows. overflowed() counts the requests the overflow bucket
     * decided.
     *
     * Dropping without losing a take: a sweep retires a bucket only by a CAS from the full
     * state it saw (TokenBucket.retireIfFull), then removes it. A request that fetched the
     * bucket before the removal and finds it retired looks the key up again and gets a new,
     * full bucket: the same as the one it would have taken from.
     *
     * ConcurrentHashMap.size() is read without a lock, so requests that bring new keys at the
     * same instant may each add one bucket past the bound: at most maxKeys plus the number of
     * such requests in flight. A kept bucket costs roughly 250 bytes with its key (an address,
     * or a header value of at most 65 chars), so the default 10,000 keys take about 2.5 MB.
     */

    /** How often, at most, a new key that finds the table at its bound makes it drop full buckets. */
    static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final long milliRate;
    private final long burst;
    private final int maxKeys;
    private final ConcurrentHashMap<Object, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow;
    private final AtomicLong lastSweep;
    private final LongAdder overflowed = new LongAdder();

    /**
     * @param milliRate each bucket's rate in thousandths of a request per second
     * @param burst     each bucket's size in tokens
     * @param maxKeys   the most buckets kept, at least 1
     * @param nowNanos  the current ticker reading
     */
    KeyedBuckets(long milliRate, long burst, int maxKeys, long nowNanos) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        }
        this.milliRate = milliRate;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.overflow = new TokenBucket(milliRate, burst, nowNanos);
        this.lastSweep = new AtomicLong(nowNanos - SWEEP_INTERVAL_NANOS);
    }

    /**
     * Takes one token from the bucket of {@code key}, as {@link TokenBucket#tryTake} does.
     *
     * @param key compared with {@code equals}; not null
     * @return 0 when admitted, else the nanoseconds until a token is there (at least 1)
     */
    long tryTake(Object key, long nowNanos) {
        while (true) {
            TokenBucket bucket = buckets.get(key);
            if (bucket == null) {
                bucket = bucketForNewKey(key, nowNanos);
            }
            long wait = bucket.tryTake(nowNanos);
            if (wait != TokenBucket.RETIRED) {
                return wait;
            }
            buckets.remove(key, bucket);                       // a sweep retired it: look again
        }
    }

    private TokenBucket bucketForNewKey(Object key, long nowNanos) {
        if (buckets.size() >= maxKeys) {
            sweep(nowNanos);
            if (buckets.size() >= maxKeys) {
                overflowed.increment();
                return overflow;
            }
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(milliRate, burst, nowNanos));
    }

    /** Drops every bucket that is full, unless another sweep ran within the interval. */
    private void sweep(long nowNanos) {
        long last = lastSweep.get();
        if (nowNanos - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, nowNanos)) {
            return;
        }
        buckets.forEach((k, bucket) -> {
            if (bucket.retireIfFull(nowNanos)) {
                buckets.remove(k, bucket);
            }
        });
    }

    /** How many keys have a bucket of their own now. */
    int size() {
        return buckets.size();
    }

    /** How many requests found no room for their key and were decided by the shared overflow bucket. */
    long overflowed() {
        return overflowed.sum();
    }
}
