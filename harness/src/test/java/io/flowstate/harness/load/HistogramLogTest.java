package io.flowstate.harness.load;

import static io.flowstate.harness.load.TestSpecs.assertAccounted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .hlog file, the warm-up, and the progress calls. */
class HistogramLogTest {

    record Call(int elapsed, long completed, long errors, boolean warmingUp) {
    }

    @Test
    void writesOneReadableIntervalPerMeasuredSecondAndLeavesTheWarmUpOut(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("run.hlog");
        List<Call> calls = new ArrayList<>();
        try (TestServer server = TestServer.ok("a")) {
            LoadSpec spec = new LoadSpec(server.address(), "bench.local", "/", true, 2, 0, Duration.ofMillis(1000),
                    Duration.ofMillis(2000), Duration.ofSeconds(5));

            LoadResult r = LoadGenerator.run(spec, hlog, (s, c, e, w) -> calls.add(new Call(s, c, e, w)));

            assertAccounted(r);
            assertTrue(server.requests() > r.sent(), "the server also saw warm-up requests, which are not counted");

            List<Histogram> intervals = new ArrayList<>();
            double startTime;
            try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                    intervals.add((Histogram) h);
                }
                startTime = reader.getStartTimeSec();
            }
            assertEquals(2, intervals.size(), "one interval per measured second");
            assertEquals(r.timeline().size(), intervals.size());
            Histogram sum = new Histogram(3);
            intervals.forEach(sum::add);
            assertEquals(r.completed(), sum.getTotalCount());
            assertEquals(r.corrected().getMaxValue(), sum.getMaxValue(), "the log adds up to the corrected histogram");
            assertEquals(r.corrected().getValueAtPercentile(99), sum.getValueAtPercentile(99));
            assertEquals(r.corrected().getValueAtPercentile(50), sum.getValueAtPercentile(50));
            for (int i = 0; i < intervals.size(); i++) {
                assertEquals(r.timeline().get(i).completed(), intervals.get(i).getTotalCount(), "second " + i);
                assertTrue(intervals.get(i).getStartTimeStamp() >= (long) (startTime * 1000), "after the start time");
            }
            assertTrue(startTime > 0, "the log has a start time");

            String text = Files.readString(hlog);
            assertTrue(text.contains("target=127.0.0.1:" + server.address().getPort()), text);
            assertTrue(text.contains("#[BaseTime: "), text);
        }

        List<Call> warmUp = calls.stream().filter(Call::warmingUp).toList();
        List<Call> measured = calls.stream().filter(c -> !c.warmingUp()).toList();
        assertFalse(warmUp.isEmpty(), "progress during the warm-up");
        assertEquals(2, measured.size(), "one progress call per measured second: " + calls);
        assertEquals(warmUp, calls.subList(0, warmUp.size()), "warm-up calls come first");
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i).elapsed() > calls.get(i - 1).elapsed(), "elapsed seconds increase: " + calls);
        }
        assertNotNull(measured.get(0));
    }
}
