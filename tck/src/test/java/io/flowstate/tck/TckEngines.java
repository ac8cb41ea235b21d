package io.flowstate.tck;

import io.flowstate.core.spi.Engine;
import io.flowstate.core.spi.Engines;
import java.util.List;
import org.junit.jupiter.api.Named;

/** The engines the suite runs against: every one ServiceLoader finds. */
final class TckEngines {
    private TckEngines() {
    }

    static List<Named<Engine>> all() {
        List<Engine> engines = Engines.all();
        if (engines.isEmpty()) {
            throw new IllegalStateException("no engine on the test class path: add one to tck/pom.xml");
        }
        return engines.stream().map(e -> Named.of(e.name(), e)).toList();
    }
}
