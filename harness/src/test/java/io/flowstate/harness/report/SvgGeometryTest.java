package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.core.json.Json;
import io.flowstate.harness.scenario.CpuSet;
import io.flowstate.harness.scenario.Pinning;
import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.RunOptions;
import io.flowstate.harness.scenario.Scenario;
import io.flowstate.harness.scenario.Target;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The readability check on the charts the report writer makes: no text or legend outside the
 * canvas, no two texts overlapping, at most 8 series a chart, no two series with the same colour
 * and dash, no line drawn exactly over another without a note, lines inside the plot, labelled
 * axes with units, percentile curves no further than their samples support, the timeline's
 * events marked. Text widths are measured with the JDK's own metrics of its sans-serif font
 * (AWT, headless), not with the renderer's estimate, so the test also checks that estimate.
 */
class SvgGeometryTest {
    private static final List<String> ENGINES = List.of("jdk", "jetty", "nio");
    private static final List<String> BALANCERS = List.of("wrr", "p2c", "least-loaded", "p2c-ewma");
    private static final Scenario.LoadPoint CLOSED = new Scenario.LoadPoint(10, 0, true);
    private static final Scenario.LoadPoint OPEN = new Scenario.LoadPoint(50, 1000, true);

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A scenario shaped like slow-backend and flapping together: every kind of chart, the most series. */
    private static Scenario scenario() throws Exception {
        return Scenario.parse(Json.parse("""
                { "name": "worst-case-with-a-long-name", "backends": [ { "name": "b1" }, { "name": "b2" }, { "name": "b3" },
                  { "name": "b4" } ],
                  "timeline": [ { "at": "2s", "backend": "b3", "set": { "mode": "refuse" } },
                                { "at": "2s", "backend": "b4", "set": { "mode": "hang" } },
                                { "at": "4s", "backend": "b3", "set": { "mode": "up" } },
                                { "at": "9s", "backend": "b4", "set": { "mode": "up", "errorRate": 0.25 } } ],
                  "variants": [ { "name": "default" }, { "name": "latency-ejection" } ],
                  "engines": ["jdk", "jetty", "nio"], "balancers": ["wrr", "p2c", "least-loaded", "p2c-ewma"],
                  "loads": [ { "connections": 10 }, { "connections": 50, "rate": 1000 } ] }"""));
    }

    private static List<Row> rows(List<String> engines) {
        List<String> backends = List.of("b1", "b2", "b3", "b4");
        List<Row> rows = new ArrayList<>();
        for (String variant : List.of("default", "latency-ejection")) {
            for (Scenario.LoadPoint load : List.of(CLOSED, OPEN)) {
                for (int repeat = 1; repeat <= 2; repeat++) {
                    double rate = load.ratePerSecond() > 0 ? load.ratePerSecond() : 20_000;
                    rows.add(SyntheticRows.row(variant, new Target.Direct(), load, repeat, rate, 80, backends, 10));
                    int i = 0;
                    for (String e : engines) {
                        for (String b : BALANCERS) {
                            rows.add(SyntheticRows.row(variant, new Target.FlowState(e, b), load, repeat,
                                    load.ratePerSecond() > 0 ? rate : 1_000 + 900 * i++, 300 + 50 * i, backends, 10));
                        }
                    }
                    for (String algorithm : List.of("round_robin", "random two least_conn", "least_conn")) {
                        rows.add(SyntheticRows.row(variant, new Target.Peer("nginx", "wrr", algorithm), load, repeat,
                                rate * 0.6, 150, backends, 10));
                    }
                    for (String algorithm : List.of("roundrobin", "random(2)", "leastconn")) {
                        rows.add(SyntheticRows.row(variant, new Target.Peer("haproxy", "wrr", algorithm), load, repeat,
                                rate * 0.5, 160, backends, 10));
                    }
                }
            }
        }
        return rows;
    }

    private static List<Path> charts(Path out, List<String> engines) throws Exception {
        Scenario s = scenario();
        RunOptions options = new RunOptions(out, out, "quick", List.of(), List.of(), "1", "512m", true, 2);
        new ReportWriter(s, options, SummarySchemaTest.environment(), SyntheticRows.outcome(rows(engines)),
                new Publication(out, false, true)).write();
        try (var files = Files.list(out.resolve("charts"))) {
            return files.filter(f -> f.toString().endsWith(".svg")).sorted().toList();
        }
    }

    @Test
    void everyChartOfTheWorstCaseIsReadable(@TempDir Path out) throws Exception {
        List<Path> charts = charts(out, ENGINES);
        assertTrue(charts.size() > 40, "small multiples: " + charts.size());
        assertTrue(charts.stream().anyMatch(c -> c.getFileName().toString().startsWith("share-")), "share charts");
        for (Path chart : charts) {
            check(chart);
        }
        String md = Files.readString(out.resolve("report.md"));
        for (Path chart : charts) {
            assertTrue(md.contains("(charts/" + chart.getFileName() + ")"), "the report shows " + chart.getFileName());
        }
    }

    @Test
    void oneEngineWithEveryBalancerAndEveryPeerIsSplitIntoChartsOfEightAtMost(@TempDir Path out) throws Exception {
        List<Path> charts = charts(out, List.of("nio"));
        assertTrue(charts.stream().anyMatch(c -> c.getFileName().toString().matches("latency-closed_x10-nio-2\\.svg")),
                "11 series become 8 and 3: " + charts);
        for (Path chart : charts) {
            check(chart);
        }
    }

    @Test
    void aSecondWithoutAValueBreaksTheLineInsteadOfDrawingZero() {
        String svg = Svg.render(new Chart("p99", "time (s)", "p99 (ms)", Chart.Axis.LINEAR, List.of(new Chart.Series("a",
                List.of(new double[] {1, 5}, new double[] {2, Double.NaN}, new double[] {3, 4}), 0, 0)), List.of()));
        Matcher d = Pattern.compile("class=\"series\"[^>]* d=\"([^\"]*)\"").matcher(svg);
        assertTrue(d.find(), svg);
        assertEquals(2, d.group(1).split("M").length - 1, "two pieces: " + d.group(1));
        assertFalse(d.group(1).contains("L"), "no line through the missing second: " + d.group(1));
    }

    @Test
    void aChartRefusesANinthSeries() {
        List<Chart.Series> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(new Chart.Series("s" + i, List.of(new double[] {0, 1}), i, 0));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new Chart("t", "x (s)", "y (ms)", Chart.Axis.LINEAR, nine, List.of()));
    }

    @Test
    void aLineDrawnExactlyOverAnotherSaysSoAndTheCheckWouldCatchItsAbsence(@TempDir Path dir) throws Exception {
        List<double[]> same = List.of(new double[] {1, 50}, new double[] {2, 50});
        String svg = Svg.render(new Chart("shares", "time (s)", "share (%)", Chart.Axis.LINEAR,
                List.of(new Chart.Series("b1", same, 0, 0), new Chart.Series("b2", same, 1, 0)), List.of()));
        assertTrue(svg.contains("b2 (same as b1)"), svg);
        Path file = Files.writeString(dir.resolve("same.svg"), svg);
        check(file);
        Path hidden = Files.writeString(dir.resolve("hidden.svg"), svg.replace("b2 (same as b1)", "b2"));
        assertThrows(AssertionError.class, () -> check(hidden), "the check fails without the note");
    }

    // ---- the checks

    private record Box(String text, double x0, double y0, double x1, double y1) {
        boolean overlaps(Box o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }
    }

    private static void check(Path file) throws Exception {
        String name = file.getFileName().toString();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element svg = doc.getDocumentElement();
        double width = Double.parseDouble(svg.getAttribute("width"));
        double height = Double.parseDouble(svg.getAttribute("height"));

        List<Box> boxes = new ArrayList<>();
        NodeList texts = doc.getElementsByTagName("text");
        List<String> legend = new ArrayList<>();
        List<String> axisLabels = new ArrayList<>();
        int percentTicks = 0;
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            Box b = box(t);
            assertTrue(b.x0 >= 0 && b.x1 <= width && b.y0 >= 0 && b.y1 <= height,
                    name + ": text outside the canvas (" + width + " x " + height + "): " + b);
            boxes.add(b);
            switch (t.getAttribute("class")) {
                case "legend-label" -> legend.add(t.getTextContent());
                case "axis-label" -> axisLabels.add(t.getTextContent());
                case "tick" -> percentTicks += t.getTextContent().endsWith("%") ? 1 : 0;
                default -> { }
            }
        }
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertFalse(boxes.get(i).overlaps(boxes.get(j)), name + ": texts overlap: " + boxes.get(i) + " and " + boxes.get(j));
            }
        }
        assertEquals(2, axisLabels.size(), name + ": both axes labelled");
        for (String label : axisLabels) {
            assertTrue(label.matches(".*\\(.+\\).*"), name + ": an axis label with its unit: " + label);
        }

        Element plot = (Element) doc.getElementsByTagName("rect").item(1);
        assertEquals("plot", plot.getAttribute("class"));
        double px0 = Double.parseDouble(plot.getAttribute("x"));
        double py0 = Double.parseDouble(plot.getAttribute("y"));
        double px1 = px0 + Double.parseDouble(plot.getAttribute("width"));
        double py1 = py0 + Double.parseDouble(plot.getAttribute("height"));

        List<Element> series = new ArrayList<>();
        NodeList paths = doc.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            if (p.getAttribute("class").equals("series")) {
                series.add(p);
            }
        }
        assertTrue(series.size() <= Chart.MAX_SERIES, name + ": " + series.size() + " series");
        assertEquals(series.size(), legend.size(), name + ": a legend entry per series");
        Set<String> looks = new HashSet<>();
        Map<String, Integer> firstWithPath = new HashMap<>();
        for (int i = 0; i < series.size(); i++) {
            Element p = series.get(i);
            String look = p.getAttribute("stroke") + " / " + p.getAttribute("stroke-dasharray");
            assertTrue(looks.add(look), name + ": two series look alike: " + look);
            String d = p.getAttribute("d");
            Integer earlier = firstWithPath.putIfAbsent(d, i);
            if (earlier != null && !d.isEmpty()) {
                String hidden = series.get(earlier).getAttribute("data-name");
                assertTrue(legend.get(i).contains("(same as " + hidden + ")"),
                        name + ": " + p.getAttribute("data-name") + " is drawn exactly over " + hidden + " without a note");
            }
            List<double[]> points = points(d);
            for (double[] xy : points) {
                assertTrue(xy[0] >= px0 - 0.1 && xy[0] <= px1 + 0.1 && xy[1] >= py0 - 0.1 && xy[1] <= py1 + 0.1,
                        name + ": a point outside the plot: " + xy[0] + "," + xy[1]);
            }
            long samples = Long.parseLong(p.getAttribute("data-samples"));
            if (name.startsWith("latency-") && samples > 0 && !points.isEmpty()) {
                int decades = percentTicks - 1;
                double supported = Math.log10(samples / (double) Svg.MIN_TAIL_SAMPLES);
                double limitPx = px0 + (px1 - px0) * Math.min(supported, decades) / decades;
                assertTrue(points.getLast()[0] <= limitPx + 0.1, name + ": " + p.getAttribute("data-name")
                        + " goes past what " + samples + " samples support");
            }
        }
        int events = 0;
        NodeList lines = doc.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element l = (Element) lines.item(i);
            if (l.getAttribute("class").equals("event")) {
                events++;
                double x = Double.parseDouble(l.getAttribute("x1"));
                assertTrue(x >= px0 && x <= px1, name + ": an event outside the plot");
            }
        }
        if (name.startsWith("throughput-") || name.startsWith("p99-") || name.startsWith("share-")) {
            assertEquals(4, events, name + ": the timeline's events are marked");
        }
    }

    /** A text's box from its position, anchor, font size and (measured) width; rotated texts stand upright. */
    private static Box box(Element t) {
        double x = Double.parseDouble(t.getAttribute("x"));
        double y = Double.parseDouble(t.getAttribute("y"));
        double size = Double.parseDouble(t.getAttribute("font-size"));
        String s = t.getTextContent();
        double w = measure(s, size);
        double from = switch (t.getAttribute("text-anchor")) {
            case "middle" -> -w / 2;
            case "end" -> -w;
            default -> 0;
        };
        if (t.getAttribute("transform").startsWith("rotate(-90")) {
            return new Box(s, x - 0.8 * size, y - from - w, x + 0.25 * size, y - from);
        }
        return new Box(s, x + from, y - 0.8 * size, x + from + w, y + 0.25 * size);
    }

    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    /** The width of {@code s} in the JDK's sans-serif font, or the renderer's estimate when AWT has no fonts. */
    private static double measure(String s, double size) {
        try {
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) size);
            return Math.max(font.getStringBounds(s, CONTEXT).getWidth(), 0);
        } catch (Throwable noFonts) {
            return Svg.textWidth(s, (int) size);
        }
    }

    private static List<double[]> points(String d) {
        List<double[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("([0-9.]+),([0-9.]+)").matcher(d);
        while (m.find()) {
            out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return out;
    }
}
