package io.flowstate.core.metrics;

import java.util.function.DoubleSupplier;

/** A gauge series read from live state when scraped. */
record CallbackGauge(DoubleSupplier supplier) implements Child {
    double read() {
        return supplier.getAsDouble();
    }
}
