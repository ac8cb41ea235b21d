package io.flowstate.core.metrics;

/** One series of a family, as the registry stores it and the writer reads it. */
sealed interface Child permits CounterCell, GaugeCell, CallbackGauge, HistogramCell {
}
