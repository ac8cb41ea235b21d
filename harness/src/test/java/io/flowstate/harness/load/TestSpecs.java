package io.flowstate.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

/** Specs and checks shared by the load generator's tests. */
final class TestSpecs {

    private TestSpecs() {
    }

    static LoadSpec closedLoop(InetSocketAddress target, int connections, boolean keepAlive, long durationMillis,
                               long timeoutMillis) {
        return new LoadSpec(target, "bench.local", "/", keepAlive, connections, 0, Duration.ZERO,
                Duration.ofMillis(durationMillis), Duration.ofMillis(timeoutMillis));
    }

    static LoadSpec openLoop(InetSocketAddress target, int connections, double rate, long durationMillis,
                             long timeoutMillis) {
        return new LoadSpec(target, "bench.local", "/", true, connections, rate, Duration.ZERO,
                Duration.ofMillis(durationMillis), Duration.ofMillis(timeoutMillis));
    }

    /** What every result must satisfy, whatever the server did. */
    static void assertAccounted(LoadResult r) {
        assertEquals(r.sent(), r.completed() + r.errors(), "sent == completed + errors() " + r.errorsByKind());
        assertEquals(r.completed(), r.statusCounts().values().stream().mapToLong(Long::longValue).sum(), "statuses");
        assertEquals(r.completed(), r.backendCounts().values().stream().mapToLong(Long::longValue).sum(), "backends");
        assertEquals(r.completed(), r.corrected().getTotalCount(), "corrected histogram count");
        assertEquals(r.completed(), r.uncorrected().getTotalCount(), "uncorrected histogram count");
        assertEquals(r.completed(), r.timeline().stream().mapToLong(Second::completed).sum(), "timeline completed");
        assertEquals(r.errors(), r.timeline().stream().mapToLong(Second::errors).sum(), "timeline errors");
        assertEquals(r.statusErrors(), r.timeline().stream().mapToLong(Second::statusErrors).sum(), "timeline 5xx");
        assertEquals(r.statusErrors(), r.statusCounts().entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(e -> e.getValue()).sum(), "status errors are the 5xx responses");
        assertEquals(java.util.List.of(LoadResult.CONNECT, LoadResult.TIMEOUT, LoadResult.RESET, LoadResult.STATUS),
                java.util.List.copyOf(r.errorsByKind().keySet()), "error kinds");
        assertEquals(r.generatorCpuShare() >= LoadResult.SATURATED_CPU_SHARE, r.generatorSaturated(), "saturation flag");
        assertTrue(r.harnessCpus() >= 1, "the harness may use some CPU: " + r.harnessCpus());
        assertTrue(r.harnessCpuShare() >= 0 && r.harnessCpuShare() <= r.harnessCpus() * 1.5,
                "the harness JVM's CPU over the window, in cores: " + r.harnessCpuShare());
        // The process's CPU time counts in clock ticks (10 ms): allow that much over a short window.
        double tick = 0.02 / Math.max(0.5, r.measured().toMillis() / 1000.0);
        assertTrue(r.harnessCpuShare() >= r.generatorCpuShare() - tick,
                "the whole JVM used about as much as its generator threads or more: " + r.harnessCpuShare()
                        + " against " + r.generatorCpuShare());
    }
}
