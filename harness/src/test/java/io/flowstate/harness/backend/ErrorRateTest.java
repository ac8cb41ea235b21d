package io.flowstate.harness.backend;

import static io.flowstate.harness.backend.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeded Bernoulli error draw, seen through real requests. */
class ErrorRateTest {

    private static final int REQUESTS = 10_000;
    private static final double RATE = 0.2;

    /** Which of {@code n} sequential requests to b2 got the error status. */
    private static BitSet errors(long seed, Behaviour b2, int n) throws Exception {
        try (TestBackends backends = TestBackends.start(
                List.of(BackendSpec.of("b1"), new BackendSpec("b2", b2)), seed);
             RawClient c = new RawClient(backends.address("b2"))) {
            BitSet errors = new BitSet(n);
            for (int i = 0; i < n; i++) {
                RawClient.Response r = c.exchange(get("/"));
                if (r.status() == b2.errorStatus()) {
                    errors.set(i);
                } else {
                    assertEquals(200, r.status());
                }
            }
            return errors;
        }
    }

    @Test
    void theSameSeedGivesTheSameSequenceAndTheExpectedShare() throws Exception {
        Behaviour b = Behaviour.DEFAULT.withErrorRate(RATE).withErrorStatus(500);
        BitSet first = errors(42, b, REQUESTS);
        BitSet second = errors(42, b, REQUESTS);
        assertEquals(first, second);
        // Binomial(10000, 0.2): sd 40; 5 sd either side.
        assertEquals(REQUESTS * RATE, first.cardinality(), 200);
    }

    @Test
    void anotherSeedGivesAnotherSequence() throws Exception {
        Behaviour b = Behaviour.DEFAULT.withErrorRate(0.5);
        assertNotEquals(errors(1, b, 200), errors(2, b, 200));
    }

    @Test
    void theErrorSequenceDoesNotDependOnTheLatency() throws Exception {
        Behaviour b = Behaviour.DEFAULT.withErrorRate(0.5);
        Behaviour slow = b.withLatency(new Latency.Uniform(Duration.ZERO, Duration.ofNanos(20_000)));
        assertEquals(errors(9, b, 200), errors(9, slow, 200));
    }

    @Test
    void ratesZeroAndOne() throws Exception {
        assertTrue(errors(1, Behaviour.DEFAULT, 50).isEmpty());
        assertEquals(50, errors(1, Behaviour.DEFAULT.withErrorRate(1), 50).cardinality());
    }
}
