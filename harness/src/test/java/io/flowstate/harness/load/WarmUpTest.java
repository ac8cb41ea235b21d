package io.flowstate.harness.load;

import static io.flowstate.harness.load.TestSpecs.assertAccounted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@link WarmUp} ends the warm-up early, and is told once when measuring begins. */
class WarmUpTest {

    @Test
    void aSettledWarmUpStartsTheMeasuredWindowLongBeforeItsCap() throws Exception {
        try (TestServer server = TestServer.ok("a")) {
            LoadSpec spec = new LoadSpec(server.address(), "bench.local", "/", true, 2, 0, Duration.ofSeconds(60),
                    Duration.ofSeconds(1), Duration.ofSeconds(5));
            List<Integer> asked = new ArrayList<>();
            List<Long> measuring = new ArrayList<>();
            WarmUp afterTwoSeconds = new WarmUp() {
                @Override
                public boolean settled(int second, long completed) {
                    asked.add(second);
                    return second == 2;
                }

                @Override
                public void measuring(long warmupNanos) {
                    measuring.add(warmupNanos);
                }
            };

            LoadResult r = LoadGenerator.run(spec, null, Progress.none(), afterTwoSeconds);

            assertAccounted(r);
            assertEquals(List.of(1, 2), asked, "asked after each warm-up second, never after it said yes");
            assertEquals(1, measuring.size(), "told once");
            assertEquals(r.warmup().toNanos(), measuring.getFirst());
            assertTrue(r.warmup().compareTo(Duration.ofMillis(1900)) >= 0
                    && r.warmup().compareTo(Duration.ofSeconds(30)) < 0, "warm-up " + r.warmup());
            assertEquals(1, r.timeline().size(), "then the whole measured second");
            assertTrue(r.completed() > 0);
        }
    }

    @Test
    void aZeroWarmUpIsMeasuringFromTheStart() throws Exception {
        try (TestServer server = TestServer.ok("a")) {
            List<Long> measuring = new ArrayList<>();
            WarmUp w = new WarmUp() {
                @Override
                public boolean settled(int second, long completed) {
                    throw new AssertionError("no warm-up second to judge");
                }

                @Override
                public void measuring(long warmupNanos) {
                    measuring.add(warmupNanos);
                }
            };
            LoadResult r = LoadGenerator.run(TestSpecs.closedLoop(server.address(), 1, true, 500, 5000), null,
                    Progress.none(), w);
            assertAccounted(r);
            assertEquals(List.of(0L), measuring);
            assertEquals(Duration.ZERO, r.warmup());
        }
    }
}
