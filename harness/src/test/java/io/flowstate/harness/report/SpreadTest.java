package io.flowstate.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Median and range of repeated figures, and when two ranges overlap. */
class SpreadTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleOneAndOfAnEvenCountTheMeanOfTheTwo() {
        assertEquals(new Spread(3, 1, 9, 3), Spread.of(9, 1, 3));
        assertEquals(new Spread(4, 1, 9, 4), Spread.of(9, 1, 3, 5));
    }

    @Test
    void nanValuesAreLeftOutAndNoneLeftIsNone() {
        assertEquals(new Spread(2, 2, 2, 1), Spread.of(List.of(Double.NaN, 2.0)));
        assertEquals(Spread.NONE, Spread.of(List.of(Double.NaN)));
        assertEquals("", Spread.NONE.format(Spread::number));
    }

    @Test
    void rangesThatShareAValueOverlap() {
        assertTrue(Spread.of(1, 3).overlaps(Spread.of(3, 5)));
        assertFalse(Spread.of(1, 2.9).overlaps(Spread.of(3, 5)));
        assertFalse(Spread.of(1, 2).overlaps(Spread.NONE));
    }

    @Test
    void formatsTheMedianThenTheRangeOnlyWhenThereIsOne() {
        assertEquals("1,500 (1,000–2,000)", Spread.of(1000, 1500, 2000).format(Spread::number));
        assertEquals("1,500", Spread.of(1500).format(Spread::number));
        assertEquals("0.25", Spread.of(250, 250).format(Spread::millis));
    }
}
