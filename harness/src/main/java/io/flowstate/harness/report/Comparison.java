package io.flowstate.harness.report;

import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonNumber;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonString;
import io.flowstate.core.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two runs' {@code summary.json} (schema 2) side by side, point by point, in the manner of
 * benchstat: for each figure, each run's median and range over its repeats, and B over A,
 * shown as the ratio only when the two ranges do not overlap, else {@code ~} (the difference
 * is within the noise the repeats show). A point measured once in either run has no range, so
 * its ratio is marked {@code ?}: there is no noise estimate to judge it by.
 *
 * <p>The last lines say how many medians lie within {@link #AGREEMENT} of each other and which
 * differs most: two runs of the same scenario should agree on every median within it.
 */
public final class Comparison {
    /** The figures compared unless others are named: keys of {@code points[]}. */
    public static final List<String> DEFAULT_FIGURES = List.of("rps", "p50_us", "p99_us");
    /** How far apart two runs' medians may be and still agree. */
    public static final double AGREEMENT = 0.10;

    private Comparison() {
    }

    /** One figure of one point in both runs. */
    record Cell(Spread a, Spread b) {
        double ratio() {
            return b.median() / a.median();
        }

        String verdict() {
            if (a.n() == 0 || b.n() == 0 || a.median() == 0) {
                return "";
            }
            if (a.overlaps(b)) {
                return "~";
            }
            String r = String.format(Locale.ROOT, "%.2fx", ratio());
            return a.n() < 2 || b.n() < 2 ? r + " ?" : r;
        }
    }

    /**
     * The comparison as text: a header naming both runs, a table, and the agreement lines.
     *
     * @throws IllegalArgumentException when either summary is not schema 2
     */
    public static String compare(String nameA, JsonObject a, String nameB, JsonObject b, List<String> figures) {
        requireSchema2(nameA, a);
        requireSchema2(nameB, b);
        Map<String, JsonObject> pointsA = points(a);
        Map<String, JsonObject> pointsB = points(b);
        StringBuilder out = new StringBuilder();
        out.append("A: ").append(nameA).append(" (").append(describe(a)).append(")\n");
        out.append("B: ").append(nameB).append(" (").append(describe(b)).append(")\n\n");
        List<String> header = new ArrayList<>(List.of("point"));
        for (String f : figures) {
            header.add("A " + title(f));
            header.add("B " + title(f));
            header.add("B/A");
        }
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        int agreeing = 0;
        int compared = 0;
        double worst = 0;
        String worstAt = "";
        List<String> onlyOne = new ArrayList<>();
        for (var e : pointsA.entrySet()) {
            JsonObject pb = pointsB.get(e.getKey());
            if (pb == null) {
                onlyOne.add("only in A: " + e.getKey());
                continue;
            }
            List<String> line = new ArrayList<>(List.of(e.getKey()));
            for (String f : figures) {
                Cell c = new Cell(spread(e.getValue().get(f)), spread(pb.get(f)));
                line.add(format(f, c.a()));
                line.add(format(f, c.b()));
                line.add(c.verdict());
                if (c.a().n() > 0 && c.b().n() > 0 && c.a().median() != 0) {
                    compared++;
                    double diff = c.ratio() - 1;
                    if (Math.abs(diff) <= AGREEMENT) {
                        agreeing++;
                    }
                    if (Math.abs(diff) > Math.abs(worst)) {
                        worst = diff;
                        worstAt = title(f) + " of " + e.getKey();
                    }
                }
            }
            table.add(line);
        }
        pointsB.keySet().stream().filter(k -> !pointsA.containsKey(k)).forEach(k -> onlyOne.add("only in B: " + k));
        out.append(align(table)).append('\n');
        out.append("B/A: the ratio of the medians where the ranges (min-max over the repeats) do not overlap; "
                + "~ where they do (within the noise); ? where a run measured the point once (no noise estimate).\n");
        onlyOne.forEach(l -> out.append(l).append('\n'));
        out.append(String.format(Locale.ROOT, "medians within %.0f%%: %d of %d%s%n", 100 * AGREEMENT, agreeing,
                compared, compared == 0 ? "" : String.format(Locale.ROOT, "; the largest difference: %+.0f%% (%s)",
                        100 * worst, worstAt)));
        return out.toString();
    }

    private static void requireSchema2(String name, JsonObject s) {
        if (!(s.get("schema") instanceof JsonNumber n) || n.intValue() != Summary.SCHEMA) {
            throw new IllegalArgumentException(name + " is not a schema " + Summary.SCHEMA + " summary.json"
                    + " (written before repeats and steady state?); run make bench again to compare it");
        }
    }

    private static String describe(JsonObject s) {
        JsonObject env = (JsonObject) s.get("environment");
        JsonObject pinning = (JsonObject) env.get("pinning");
        return text(s.get("scenario")) + ", profile " + text(s.get("profile")) + ", " + text(s.get("repeats"))
                + " repeat(s), commit " + text(env.get("commit_short"))
                + ("true".equals(text(env.get("dirty"))) ? " with uncommitted changes" : "") + ", "
                + text(pinning.get("mode")) + ", " + text(env.get("date_utc"));
    }

    private static Map<String, JsonObject> points(JsonObject s) {
        Map<String, JsonObject> m = new LinkedHashMap<>();
        for (JsonValue v : ((JsonArray) s.get("points")).elements()) {
            JsonObject p = (JsonObject) v;
            String variant = text(p.get("variant"));
            m.put(("default".equals(variant) ? "" : variant + " / ") + text(p.get("target")) + " / " + text(p.get("load")), p);
        }
        return m;
    }

    private static Spread spread(JsonValue v) {
        if (!(v instanceof JsonObject o)) {
            return Spread.NONE;
        }
        return new Spread(number(o.get("median")), number(o.get("min")), number(o.get("max")),
                (int) number(o.get("n")));
    }

    private static double number(JsonValue v) {
        return v instanceof JsonNumber n ? n.doubleValue() : Double.NaN;
    }

    private static String title(String figure) {
        return figure.endsWith("_us") ? figure.substring(0, figure.length() - 3).replace('_', '.') + " ms"
                : figure.equals("rps") ? "req/s" : figure;
    }

    private static String format(String figure, Spread s) {
        if (figure.endsWith("_us")) {
            return s.format(Spread::millis);
        }
        return figure.equals("rps") ? s.format(Spread::number) : s.format(Spread::ratio);
    }

    private static String align(List<List<String>> table) {
        int columns = table.getFirst().size();
        int[] width = new int[columns];
        for (List<String> row : table) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : table) {
            for (int i = 0; i < columns; i++) {
                String cell = row.get(i);
                sb.append(i == 0 ? String.format("%-" + width[i] + "s", cell) : String.format("  %" + width[i] + "s", cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.value() : v == null ? "" : String.valueOf(v);
    }
}
