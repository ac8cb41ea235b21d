package io.flowstate.balancers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.flowstate.core.config.BalancerConfig;
import io.flowstate.core.pool.Balancers;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The four strategies are found by name, as a pool's "balancer" names them. */
class FactoriesTest {

    @Test
    void everyStrategyIsInstalledUnderItsConfigName() {
        assertEquals(Set.of("wrr", "p2c", "least-loaded", "p2c-ewma"), Set.copyOf(Balancers.names()));
        assertEquals(BalancerConfig.OPTIONS.keySet(), Set.copyOf(Balancers.names()), "the reader knows each one's options");
    }

    @Test
    void factoriesMakeTheirStrategyWithItsOptions() {
        assertInstanceOf(SmoothWeightedRoundRobin.class, Balancers.byName("wrr").create(BalancerConfig.of("wrr")));
        assertInstanceOf(LeastLoaded.class, Balancers.byName("least-loaded").create(BalancerConfig.of("least-loaded")));
        assertInstanceOf(P2cPeakEwma.class, Balancers.byName("p2c-ewma")
                .create(new BalancerConfig("p2c-ewma", 1.0, Duration.ofSeconds(3))));
        var p2c = (PowerOfTwoChoices) Balancers.byName("p2c").create(new BalancerConfig("p2c", 2.5, BalancerConfig.DEFAULT_DECAY));
        assertEquals(2.5, p2c.bias());
    }
}
