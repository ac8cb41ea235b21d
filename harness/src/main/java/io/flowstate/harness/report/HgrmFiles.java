package io.flowstate.harness.report;

import io.flowstate.harness.scenario.Row;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Every row's latency histograms as HdrHistogram percentile distributions ({@code .hgrm}):
 * {@code Histogram.outputPercentileDistribution} with 5 ticks per half distance and values in
 * milliseconds (the harness records microseconds; scaling ratio 1000), the format wrk2 prints
 * and HdrHistogram's plotter (hdrhistogram.github.io/HdrHistogram/plotFiles.html) reads.
 * {@code hgrm/NAME.hgrm} is the corrected latency, {@code hgrm/NAME-raw.hgrm} the raw one, NAME
 * as the row's {@code .hlog}.
 */
final class HgrmFiles {
    /** Percentile ticks per half distance, HdrHistogram's default. */
    static final int TICKS_PER_HALF_DISTANCE = 5;
    /** Microseconds to milliseconds. */
    static final double MICROS_PER_MILLI = 1000.0;

    private HgrmFiles() {
    }

    static Path corrected(Path out, Row r) {
        return out.resolve("hgrm").resolve(base(r) + ".hgrm");
    }

    static Path raw(Path out, Row r) {
        return out.resolve("hgrm").resolve(base(r) + "-raw.hgrm");
    }

    /** Writes both files of every row. */
    static void write(Path out, Iterable<Row> rows) throws IOException {
        Files.createDirectories(out.resolve("hgrm"));
        for (Row r : rows) {
            write(corrected(out, r), r.result().corrected());
            write(raw(out, r), r.result().uncorrected());
        }
    }

    static void write(Path file, Histogram micros) throws IOException {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.US_ASCII)) {
            micros.outputPercentileDistribution(ps, TICKS_PER_HALF_DISTANCE, MICROS_PER_MILLI);
            if (ps.checkError()) {
                throw new IOException("writing " + file + " failed");
            }
        }
    }

    private static String base(Row r) {
        String name = r.hlog().getFileName().toString();
        return name.endsWith(".hlog") ? name.substring(0, name.length() - 5) : name;
    }
}
