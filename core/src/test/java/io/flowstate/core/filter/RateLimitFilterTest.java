package io.flowstate.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.config.RateLimitSettings;
import io.flowstate.core.config.RateLimitSettings.Key;
import io.flowstate.core.http.Body;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.HeaderFields;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.testing.TestHandlers;
import io.flowstate.core.time.Ticker;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RateLimitFilter: 429 with Retry-After, keys, and the token bucket's promises seen through the filter. */
class RateLimitFilterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String ID = "req-9";

    /** A ticker the test moves by hand; it starts far from zero so that no code relies on zero. */
    private static final class ManualTicker implements Ticker {
        long now = 1_234 * SECOND;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    /** Answers 200 and counts the requests that reached it. */
    private final ManualTicker ticker = new ManualTicker();
    private final TestHandlers.Counting backend = new TestHandlers.Counting();

    private static RateLimitSettings settings(String rate, int burst, Key key) {
        return new RateLimitSettings(new BigDecimal(rate), burst, key, RateLimitSettings.DEFAULT_MAX_KEYS);
    }

    private static Exchange exchange(String clientIp, HeaderFields headers) {
        try {
            Request request = new Request("GET", "/x", headers.add("Host", "example.com"), Body.empty());
            Exchange exchange = new Exchange(request,
                    new InetSocketAddress(InetAddress.getByName(clientIp), 40000), "http", 0); // a literal: no lookup
            exchange.requestId(ID);
            return exchange;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Exchange exchange() {
        return exchange("192.0.2.1", new HeaderFields());
    }

    private static Exchange withHeader(String name, String... values) {
        HeaderFields h = new HeaderFields();
        for (String v : values) {
            h.add(name, v);
        }
        return exchange("192.0.2.1", h);
    }

    private Response send(RateLimitFilter filter, Exchange exchange) {
        return filter.filter(exchange, backend).toCompletableFuture().join();
    }

    private int status(RateLimitFilter filter, Exchange exchange) {
        return send(filter, exchange).status();
    }

    @Test
    void aRefusalIs429WithRetryAfterAndTheProxyErrorBody() {
        RateLimitFilter filter = new RateLimitFilter(settings("2", 1, Key.GLOBAL), ticker);
        assertEquals(200, status(filter, exchange()));

        Response refused = send(filter, exchange());

        assertEquals(429, refused.status());
        assertEquals(Response.Origin.PROXY, refused.origin());
        assertEquals(List.of("1"), refused.headers().all("Retry-After"), "half a second, rounded up");
        assertEquals("application/json", refused.headers().first("Content-Type"));
        assertEquals("{\"status\":429,\"reason\":\"rate_limited\",\"requestId\":\"" + ID + "\"}\n", TestHandlers.text(refused));
        assertEquals(1, backend.calls, "a refused request does not reach the next handler");
    }

    @Test
    void retryAfterIsTheWaitInWholeSecondsRoundedUp() {
        RateLimitFilter filter = new RateLimitFilter(settings("0.3", 1, Key.GLOBAL), ticker);
        assertEquals(200, status(filter, exchange()));
        assertEquals("4", send(filter, exchange()).headers().first("Retry-After"), "3.33 s");
        ticker.now += 3 * SECOND;
        assertEquals("1", send(filter, exchange()).headers().first("Retry-After"), "0.33 s");
        ticker.now += SECOND / 3;
        assertEquals(429, status(filter, exchange()), "333,333,333 ns: one short");
        ticker.now += 1;
        assertEquals(200, status(filter, exchange()));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "999999999, 1", "1000000000, 1", "1000000001, 2", "10000000000, 10", "1000000000000, 1000"})
    void retryAfterSeconds(long waitNanos, long seconds) {
        assertEquals(seconds, RateLimitFilter.retryAfterSeconds(waitNanos));
    }

    @Test
    void globalKeyCountsEveryClientTogether() {
        RateLimitFilter filter = new RateLimitFilter(settings("1", 2, Key.GLOBAL), ticker);
        assertEquals(200, status(filter, exchange("192.0.2.1", new HeaderFields())));
        assertEquals(200, status(filter, exchange("192.0.2.2", new HeaderFields())));
        assertEquals(429, status(filter, exchange("192.0.2.3", new HeaderFields())));
        assertEquals(0, filter.keys());
    }

    @Test
    void clientKeyGivesEachAddressItsOwnBucket() {
        RateLimitFilter filter = new RateLimitFilter(settings("1", 1, Key.CLIENT), ticker);
        assertEquals(200, status(filter, exchange("192.0.2.1", new HeaderFields())));
        assertEquals(429, status(filter, exchange("192.0.2.1", new HeaderFields())));
        assertEquals(200, status(filter, exchange("2001:db8::1", new HeaderFields())));
        assertEquals(429, status(filter, exchange("2001:db8:0:0::1", new HeaderFields())), "the same address");
        assertEquals(2, filter.keys());
    }

    @Test
    void headerKeyGivesEachValueItsOwnBucketAndRequestsWithoutItShareOne() {
        RateLimitFilter filter = new RateLimitFilter(settings("1", 1, new Key.Header("X-Tenant")), ticker);
        assertEquals(200, status(filter, withHeader("X-Tenant", "a")));
        assertEquals(429, status(filter, withHeader("x-tenant", "a")), "field names compare case-insensitively");
        assertEquals(200, status(filter, withHeader("X-Tenant", "b")));
        assertEquals(200, status(filter, withHeader("X-Other", "a")), "no X-Tenant: the shared bucket");
        assertEquals(429, status(filter, exchange()), "no X-Tenant either: the same shared bucket");
        assertEquals(3, filter.keys());
    }

    @Test
    void severalLinesAreJoinedInOrder() {
        RateLimitFilter filter = new RateLimitFilter(settings("1", 1, new Key.Header("X-Tenant")), ticker);
        assertEquals(200, status(filter, withHeader("X-Tenant", "a", "b")));
        assertEquals(429, status(filter, withHeader("X-Tenant", "a, b")));
        assertEquals(200, status(filter, withHeader("X-Tenant", "b", "a")));
    }

    @Test
    void longValuesAreKeptAsDigestsAndStillTellApart() {
        RateLimitFilter filter = new RateLimitFilter(settings("1", 1, new Key.Header("X-Tenant")), ticker);
        String base = "t".repeat(RateLimitFilter.MAX_KEY_CHARS);
        assertEquals(200, status(filter, withHeader("X-Tenant", base + "1")));
        assertEquals(429, status(filter, withHeader("X-Tenant", base + "1")));
        assertEquals(200, status(filter, withHeader("X-Tenant", base + "2")), "differs only past the limit");
        assertEquals(200, status(filter, withHeader("X-Tenant", base)), "exactly the limit: kept as it is");
        assertEquals(3, filter.keys());
    }

    @Test
    void theKeyTableStaysWithinMaxKeys() {
        RateLimitSettings s = new RateLimitSettings(BigDecimal.ONE, 1, new Key.Header("X-Tenant"), 3);
        RateLimitFilter filter = new RateLimitFilter(s, ticker);
        for (int i = 0; i < 100; i++) {
            status(filter, withHeader("X-Tenant", "tenant-" + i));
            ticker.now += SECOND / 10;
            assertTrue(filter.keys() <= 3, "keys " + filter.keys());
        }
    }

    @Test
    void nameShowsTheSettings() {
        assertEquals("rateLimit(rate=2.5/s, burst=3, key=header:X-Tenant)",
                new RateLimitFilter(settings("2.5", 3, new Key.Header("X-Tenant")), ticker).toString());
        assertEquals("rateLimit(rate=10/s, burst=10, key=client)",
                new RateLimitFilter(new RateLimitSettings(BigDecimal.TEN, 10, Key.CLIENT, 5), ticker).toString());
    }

    // ---- properties with a hand-driven ticker

    /** Move the clock, then send some requests at that instant. */
    record Step(long advanceNanos, int requests) {
    }

    @Provide
    Arbitrary<Long> milliRates() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 3_000),
                Arbitraries.longs().between(3_000, 2_000_000),
                Arbitraries.of(1_000L, 3_000L, 10_000L, 333L));
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Long> advance = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(3, Arbitraries.longs().between(1, 10_000_000)),
                Tuple.of(3, Arbitraries.longs().between(1, 3 * SECOND)),
                Tuple.of(1, Arbitraries.longs().between(3 * SECOND, 1_000 * SECOND)));
        return Combinators.combine(advance, Arbitraries.integers().between(0, 10)).as(Step::new).list().ofMaxSize(50);
    }

    private static RateLimitSettings global(long milliRate, int burst) {
        return new RateLimitSettings(BigDecimal.valueOf(milliRate, 3), burst, Key.GLOBAL,
                RateLimitSettings.DEFAULT_MAX_KEYS);
    }

    @Property(tries = 500)
    void admittedInAnyIntervalIsAtMostBurstPlusRateTimesElapsed(
            @ForAll("milliRates") long milliRate, @ForAll @IntRange(min = 1, max = 20) int burst,
            @ForAll("schedules") List<Step> steps) {
        RateLimitFilter filter = new RateLimitFilter(global(milliRate, burst), ticker);
        List<Long> admittedAt = new ArrayList<>();
        for (Step step : steps) {
            ticker.now += step.advanceNanos();
            for (int i = 0; i < step.requests(); i++) {
                if (status(filter, exchange()) == 200) {
                    admittedAt.add(ticker.now);
                }
            }
        }
        // The busiest interval starts and ends at an admission. For admissions i..j:
        // (j - i + 1) <= burst + rate * (t_j - t_i), rate = milliRate / 1000 per second, so in whole
        // numbers: (j - i + 1 - burst) * 10^12 <= milliRate * (t_j - t_i) ns.
        for (int i = 0; i < admittedAt.size(); i++) {
            for (int j = i; j < admittedAt.size(); j++) {
                long excess = Math.multiplyExact(j - i + 1 - burst, TokenBucket.UNITS_PER_TOKEN);
                long elapsed = admittedAt.get(j) - admittedAt.get(i);
                if (Math.multiplyHigh(milliRate, elapsed) != 0 || milliRate * elapsed < 0) {
                    continue;                                 // the allowance is beyond any count here
                }
                long allowed = milliRate * elapsed;
                assertTrue(excess <= allowed, () -> "too many admitted in an interval: " + admittedAt);
            }
        }
    }

    @Property(tries = 500)
    void aClientThatWaitsRetryAfterIsAdmitted(@ForAll("milliRates") long milliRate,
                                              @ForAll @IntRange(min = 1, max = 20) int burst,
                                              @ForAll("schedules") List<Step> steps) {
        RateLimitFilter filter = new RateLimitFilter(global(milliRate, burst), ticker);
        for (Step step : steps) {
            ticker.now += step.advanceNanos();
            for (int i = 0; i < step.requests(); i++) {
                status(filter, exchange());
            }
        }
        Response refused;
        do {
            refused = send(filter, exchange());
        } while (refused.status() == 200);
        assertEquals(429, refused.status());
        long seconds = Long.parseLong(refused.headers().first("Retry-After"));
        assertTrue(seconds >= 1);
        ticker.now += seconds * SECOND;
        assertEquals(200, status(filter, exchange()));
    }

    @Property(tries = 300)
    void aBurstOfNAdmitsExactlyNAtOneInstantThenOnePerInterval(
            @ForAll @IntRange(min = 1, max = 1_000) int rate, @ForAll @IntRange(min = 1, max = 100) int burst) {
        RateLimitFilter filter = new RateLimitFilter(global(rate * 1_000L, burst), ticker);
        int admitted = 0;
        for (int i = 0; i < burst + 5; i++) {
            if (status(filter, exchange()) == 200) {
                admitted++;
            }
        }
        assertEquals(burst, admitted);
        long start = ticker.now;
        for (int k = 1; k <= 5; k++) {
            // The k-th 1/rate after the burst, to the nanosecond; a bucket of one token cannot keep
            // the fraction by which a take is late, so there each interval counts from the last take.
            long due = burst > 1 ? start + Math.ceilDiv(k * SECOND, rate)
                    : start + k * Math.ceilDiv(SECOND, rate);
            ticker.now = due - 1;
            assertEquals(429, status(filter, exchange()), "token " + k + " one nanosecond early");
            ticker.now = due;
            assertEquals(200, status(filter, exchange()), "token " + k + " on time");
            assertEquals(429, status(filter, exchange()), "only one token " + k);
        }
    }
}
