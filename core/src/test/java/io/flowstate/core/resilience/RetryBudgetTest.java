package io.flowstate.core.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void theFloorAllowsRetriesWhenFewRequestsAreInFlight() {
        RetryBudget budget = new RetryBudget(20, 3);
        budget.requestStarted();
        assertTrue(budget.tryStartRetry());
        assertTrue(budget.tryStartRetry());
        assertTrue(budget.tryStartRetry());
        assertFalse(budget.tryStartRetry(), "min concurrency 3");
        budget.retryEnded();
        assertTrue(budget.tryStartRetry());
    }

    @Test
    void theShareAllowsMoreUnderLoad() {
        RetryBudget budget = new RetryBudget(20, 3);
        for (int i = 0; i < 100; i++) {
            budget.requestStarted();
        }
        int started = 0;
        while (budget.tryStartRetry()) {
            started++;
        }
        assertEquals(20, started);
    }

    @Property
    void retriesInFlightNeverExceedTheBudget(@ForAll @IntRange(max = 100) int percent,
                                             @ForAll @IntRange(max = 10) int min,
                                             @ForAll @IntRange(max = 500) int requests) {
        RetryBudget budget = new RetryBudget(percent, min);
        for (int i = 0; i < requests; i++) {
            budget.requestStarted();
        }
        while (budget.tryStartRetry()) {
            if (budget.retriesInFlight() > 10_000) {
                break;
            }
        }
        assertEquals(Math.max(min, requests * percent / 100), budget.retriesInFlight());
    }
}
