package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowstate.harness.scenario.Row;
import io.flowstate.harness.scenario.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows grouped by point; ratios pair by pair within a repeat. */
class PointsTest {
    private static final Target DIRECT = new Target.Direct();
    private static final Target NIO = new Target.FlowState("nio", "wrr");
    private static final Target NGINX = new Target.Peer("nginx", "wrr", "round_robin");

    @Test
    void groupsRepeatsOfAPointAndSummarisesEachFigure() {
        List<Row> rows = List.of(
                SyntheticRows.row(DIRECT, 1, 10_000, 100), SyntheticRows.row(NIO, 1, 2_000, 400),
                SyntheticRows.row(DIRECT, 2, 12_000, 100), SyntheticRows.row(NIO, 2, 3_000, 400),
                SyntheticRows.row(DIRECT, 3, 11_000, 100), SyntheticRows.row(NIO, 3, 2_500, 400));
        Points points = new Points(rows);

        assertEquals(2, points.all().size());
        Points.Point nio = points.all().get(1);
        assertEquals(List.of(1, 2, 3), nio.rows().stream().map(Row::repeat).toList());
        assertEquals(new Spread(2_500, 2_000, 3_000, 3), nio.of(r -> r.result().rps()));
        assertEquals(List.of("closed x10"), points.loads());
    }

    @Test
    void ratiosArePairedWithinARepeatNotTakenBetweenMedians() {
        // Drift: repeat 2 runs on a machine twice as fast for every target.
        List<Row> rows = List.of(
                SyntheticRows.row(DIRECT, 1, 10_000, 100), SyntheticRows.row(NIO, 1, 5_000, 400),
                SyntheticRows.row(DIRECT, 2, 20_000, 100), SyntheticRows.row(NIO, 2, 10_000, 400),
                SyntheticRows.row(DIRECT, 3, 12_000, 100), SyntheticRows.row(NIO, 3, 6_000, 400));
        Points points = new Points(rows);
        Spread vsDirect = points.vsDirect(points.all().get(1));
        assertEquals(0.5, vsDirect.median(), 1e-9);
        assertEquals(0.5, vsDirect.min(), 1e-9);
        assertEquals(0.5, vsDirect.max(), 1e-9, "every pair is 0.5 although the medians' ratio is too");
        assertTrue(points.vsDirect(points.all().get(0)).median() == 1.0);
    }

    @Test
    void p99AgainstNginxOnlyForFlowStateRowsAndOnlyWhereNginxRan() {
        List<Row> rows = List.of(SyntheticRows.row(NIO, 1, 5_000, 400), SyntheticRows.row(NGINX, 1, 9_000, 200),
                SyntheticRows.row(NIO, 2, 5_000, 400));
        Points points = new Points(rows);
        Spread p99 = points.p99VsNginx(points.all().get(0));
        assertEquals(1, p99.n(), "repeat 2 had no nginx row to pair with");
        assertTrue(p99.median() > 1.5 && p99.median() < 2.5, "about twice nginx's p99: " + p99);
        assertEquals(0, points.p99VsNginx(points.all().get(1)).n(), "nginx is not compared with itself");
    }
}
