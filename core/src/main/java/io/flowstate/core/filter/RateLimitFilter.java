package io.flowstate.core.filter;

import io.flowstate.core.config.RateLimitSettings;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Response;
import io.flowstate.core.proxy.ProxyErrors;
import io.flowstate.core.spi.Filter;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.time.Ticker;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Admits requests at a steady rate with room for bursts, per key: one {@link TokenBucket}
 * for all requests ({@code "key": "global"}), per client address ({@code "client"}) or per
 * value of a request field ({@code "header:NAME"}), these last in a bounded table
 * ({@link KeyedBuckets}).
 *
 * <p>A request that finds a token goes on to the next handler; one that does not is answered
 * at once with 429 {@code rate_limited} (RFC 6585 section 4) and a {@value #RETRY_AFTER} field
 * (RFC 9110 section 10.2.3): the whole seconds, rounded up and at least 1, after which a token
 * will be there if no other request of the key takes it first.
 *
 * <p>Built once per config snapshot and shared by every request through it: in a route's
 * filters the buckets are that route's; among the global filters they count every route's
 * requests together. A new snapshot starts with full buckets.
 */
public final class RateLimitFilter implements Filter {
    public static final String RETRY_AFTER = "Retry-After";
    /** Header values longer than this are kept as their SHA-256 digest, so a key costs little memory. */
    static final int MAX_KEY_CHARS = 64;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The key of every request that lacks the keyed header: they share one bucket. */
    private static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "(no such field)";
        }
    };

    private final RateLimitSettings settings;
    private final Ticker ticker;
    private final TokenBucket global;
    private final KeyedBuckets keyed;
    private final Function<Exchange, Object> keyOf;

    public RateLimitFilter(RateLimitSettings settings, Ticker ticker) {
        this.settings = settings;
        this.ticker = ticker;
        long now = ticker.nanoTime();
        switch (settings.key()) {
            case RateLimitSettings.Key.Global g -> {
                this.global = new TokenBucket(settings.milliRate(), settings.burst(), now);
                this.keyed = null;
                this.keyOf = null;
            }
            case RateLimitSettings.Key.Client c -> {
                this.global = null;
                this.keyed = new KeyedBuckets(settings.milliRate(), settings.burst(), settings.maxKeys(), now);
                this.keyOf = RateLimitFilter::clientKey;
            }
            case RateLimitSettings.Key.Header h -> {
                this.global = null;
                this.keyed = new KeyedBuckets(settings.milliRate(), settings.burst(), settings.maxKeys(), now);
                this.keyOf = exchange -> headerKey(exchange, h.name());
            }
        }
    }

    @Override
    public CompletionStage<Response> filter(Exchange exchange, Handler next) {
        long now = ticker.nanoTime();
        long waitNanos = global != null ? global.tryTake(now) : keyed.tryTake(keyOf.apply(exchange), now);
        if (waitNanos == 0) {
            return next.handle(exchange);
        }
        Response refused = ProxyErrors.of(429, "rate_limited", exchange);
        refused.headers().set(RETRY_AFTER, Long.toString(retryAfterSeconds(waitNanos)));
        return CompletableFuture.completedFuture(refused);
    }

    /** RFC 9110 10.2.3 delay-seconds: whole seconds, rounded up so that a client that waits them finds a token. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, Math.ceilDiv(waitNanos, NANOS_PER_SECOND));
    }

    private static Object clientKey(Exchange exchange) {
        InetAddress address = exchange.client().getAddress();
        return address != null ? address : exchange.client().getHostString();
    }

    /** The field's value (several lines joined with ", ", RFC 9110 5.3), or {@link #MISSING}. */
    private static Object headerKey(Exchange exchange, String name) {
        List<String> values = exchange.request().headers().all(name);
        if (values.isEmpty()) {
            return MISSING;
        }
        String value = values.size() == 1 ? values.get(0) : String.join(", ", values);
        return value.length() <= MAX_KEY_CHARS ? value : digest(value);
    }

    /** {@code #} and 64 hex digits: longer than any value kept as it is, so the two never meet. */
    private static String digest(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Keys that have a bucket of their own now; 0 for the global key. */
    int keys() {
        return keyed == null ? 0 : keyed.size();
    }

    @Override
    public String toString() {
        return "rateLimit(rate=" + settings.rate().toPlainString() + "/s, burst=" + settings.burst()
                + ", key=" + settings.key() + ")";
    }
}
