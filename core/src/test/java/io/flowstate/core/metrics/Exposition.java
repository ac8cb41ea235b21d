package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A parser for the Prometheus text exposition format 0.0.4, written from the format's
 * description and independent of the writer, to read the writer's output back.
 *
 * <p>It follows the format (blank lines and other comments are skipped, a timestamp may
 * follow the value, a trailing comma may close a label set) and rejects what Prometheus
 * rejects: bad names, escapes other than the ones the format defines, values that are not
 * Go floats, a missing final line feed, a label named twice in a sample, the same series
 * twice. It is stricter than Prometheus in one way the writer promises: every sample
 * belongs to the family whose {@code # HELP}/{@code # TYPE} came last, declared once each.
 */
final class Exposition {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern GO_FLOAT =
            Pattern.compile("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Set<String> TYPES =
            Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value, String valueText) {
        /** The labels without {@code le}, identifying a histogram series. */
        Map<String, String> seriesLabels() {
            Map<String, String> m = new LinkedHashMap<>(labels);
            m.remove("le");
            return m;
        }
    }

    /** One family: its declared type and HELP text (unescaped), and its samples in order. */
    record Family(String name, String type, String help, List<Sample> samples) {
        /** The one sample named {@code sampleName} with exactly these labels, or an error. */
        Sample sample(String sampleName, Map<String, String> labels) {
            for (Sample s : samples) {
                if (s.name().equals(sampleName) && s.labels().equals(labels)) {
                    return s;
                }
            }
            throw new AssertionError("no sample " + sampleName + labels + " in " + samples);
        }
    }

    /** Thrown for output that breaks the format. */
    static final class FormatError extends RuntimeException {
        FormatError(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private Exposition() {
    }

    /** The families of {@code text}, in the order they appear. */
    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new FormatError(text.split("\n", -1).length, "the last line has no line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Set<String> series = new HashSet<>();
        String[] lines = text.split("\n", -1);
        String current = null;
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (int n = 1; n < lines.length; n++) {
            String line = lines[n - 1];
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.substring(1).stripLeading().split("[ \t]+", 3);
                if (parts[0].equals("HELP") || parts[0].equals("TYPE")) {
                    if (parts.length < 2 || !METRIC_NAME.matcher(parts[1]).matches()) {
                        throw new FormatError(n, "bad metric name in " + line);
                    }
                    String name = parts[1];
                    if (families.containsKey(name) && !name.equals(current)) {
                        throw new FormatError(n, name + " declared again after other families");
                    }
                    Family f = families.get(name);
                    if (f != null && !f.samples().isEmpty()) {
                        throw new FormatError(n, parts[0] + " of " + name + " after its samples");
                    }
                    String rest = parts.length > 2 ? parts[2] : "";
                    Map<String, String> target = parts[0].equals("HELP") ? helps : types;
                    if (target.put(name, parts[0].equals("HELP") ? unescapeHelp(n, rest) : rest)
                            != null) {
                        throw new FormatError(n, "a second " + parts[0] + " for " + name);
                    }
                    if (parts[0].equals("TYPE") && !TYPES.contains(rest)) {
                        throw new FormatError(n, "unknown type " + rest);
                    }
                    current = name;
                    families.put(name, new Family(name, types.getOrDefault(name, "untyped"),
                            helps.get(name), new ArrayList<>()));
                }
                continue;
            }
            Sample s = new SampleReader(n, line).read();
            if (current == null || !belongs(s.name(), current, families.get(current).type())) {
                throw new FormatError(n, "sample " + s.name() + " outside its family (current "
                        + current + ")");
            }
            if (!series.add(s.name() + new TreeMap<>(s.labels()))) {
                throw new FormatError(n, "series " + s.name() + s.labels() + " appears twice");
            }
            families.get(current).samples().add(s);
        }
        return families;
    }

    private static boolean belongs(String sample, String family, String type) {
        if (sample.equals(family)) {
            return !type.equals("histogram");
        }
        return switch (type) {
            case "histogram" -> sample.equals(family + "_bucket") || sample.equals(family + "_sum")
                    || sample.equals(family + "_count");
            case "summary" -> sample.equals(family + "_sum") || sample.equals(family + "_count");
            default -> false;
        };
    }

    private static String unescapeHelp(int n, String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == text.length()) {
                throw new FormatError(n, "HELP ends in a lone backslash");
            }
            switch (text.charAt(i)) {
                case '\\' -> b.append('\\');
                case 'n' -> b.append('\n');
                default -> throw new FormatError(n, "bad escape \\" + text.charAt(i) + " in HELP");
            }
        }
        return b.toString();
    }

    /**
     * Checks every series of a histogram family: buckets with rising {@code le}, cumulative
     * counts that never fall, a last {@code +Inf} bucket equal to {@code _count}, and a
     * {@code _sum}.
     */
    static void checkHistogram(Family f) {
        assertEquals("histogram", f.type(), f.name());
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            if (s.name().equals(f.name() + "_bucket")) {
                assertTrue(s.labels().containsKey("le"), "bucket without le: " + s);
                buckets.computeIfAbsent(s.seriesLabels(), k -> new ArrayList<>()).add(s);
            }
        }
        assertTrue(!buckets.isEmpty(), f.name() + " has no buckets");
        for (Map.Entry<Map<String, String>, List<Sample>> e : buckets.entrySet()) {
            List<Sample> bs = e.getValue();
            double previousLe = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (Sample b : bs) {
                double le = parseValue(b.labels().get("le"));
                assertTrue(le > previousLe, "le not rising at " + b);
                assertTrue(b.value() >= previousCount, "buckets not cumulative at " + b);
                previousLe = le;
                previousCount = b.value();
            }
            assertEquals("+Inf", bs.get(bs.size() - 1).labels().get("le"), f.name() + e.getKey());
            assertEquals(previousCount, f.sample(f.name() + "_count", e.getKey()).value(),
                    f.name() + e.getKey() + " _count differs from the +Inf bucket");
            f.sample(f.name() + "_sum", e.getKey());
        }
    }

    /** A value as Prometheus (Go's ParseFloat, plus the special words) reads it. */
    static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!GO_FLOAT.matcher(text).matches()) {
                    throw new NumberFormatException("not a float: " + text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    /** Reads one sample line, left to right. */
    private static final class SampleReader {
        private final int n;
        private final String line;
        private int pos;

        SampleReader(int n, String line) {
            this.n = n;
            this.line = line;
        }

        Sample read() {
            String name = token(METRIC_NAME, "metric name");
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                pos++;
                skipBlanks();
                while (peek() != '}') {
                    String label = token(LABEL_NAME, "label name");
                    skipBlanks();
                    expect('=');
                    skipBlanks();
                    expect('"');
                    if (labels.put(label, labelValue()) != null) {
                        throw new FormatError(n, "label " + label + " twice");
                    }
                    skipBlanks();
                    if (peek() == ',') {
                        pos++;
                        skipBlanks();
                    } else if (peek() != '}') {
                        throw new FormatError(n, "expected , or } at " + pos + " in " + line);
                    }
                }
                pos++;
            }
            if (peek() != ' ' && peek() != '\t') {
                throw new FormatError(n, "no blank before the value in " + line);
            }
            skipBlanks();
            String[] rest = line.substring(pos).split("[ \t]+");
            if (rest.length > 2 || rest[0].isEmpty()) {
                throw new FormatError(n, "expected a value and an optional timestamp: " + line);
            }
            if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
                throw new FormatError(n, "bad timestamp " + rest[1]);
            }
            try {
                return new Sample(name, labels, parseValue(rest[0]), rest[0]);
            } catch (NumberFormatException e) {
                throw new FormatError(n, e.getMessage());
            }
        }

        private String labelValue() {
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= line.length()) {
                    throw new FormatError(n, "unterminated label value in " + line);
                }
                char c = line.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = pos < line.length() ? line.charAt(pos++) : '\0';
                switch (e) {
                    case '\\' -> b.append('\\');
                    case '"' -> b.append('"');
                    case 'n' -> b.append('\n');
                    default -> throw new FormatError(n, "bad escape \\" + e + " in a label value");
                }
            }
        }

        private String token(Pattern p, String what) {
            int start = pos;
            while (pos < line.length() && isNameChar(line.charAt(pos))) {
                pos++;
            }
            String t = line.substring(start, pos);
            if (!p.matcher(t).matches()) {
                throw new FormatError(n, "bad " + what + " \"" + t + "\" in " + line);
            }
            return t;
        }

        private static boolean isNameChar(char c) {
            return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9');
        }

        private char peek() {
            return pos < line.length() ? line.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new FormatError(n, "expected " + c + " at " + pos + " in " + line);
            }
            pos++;
        }

        private void skipBlanks() {
            while (peek() == ' ' || peek() == '\t') {
                pos++;
            }
        }
    }
}
