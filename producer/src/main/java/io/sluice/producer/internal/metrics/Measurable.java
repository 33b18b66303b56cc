package io.sluice.producer.internal.metrics;

/** How a metric's value is computed when it is read. */
@FunctionalInterface
public interface Measurable {
    /** Returns the value at {@code nowMs}. */
    double measure(long nowMs);
}
