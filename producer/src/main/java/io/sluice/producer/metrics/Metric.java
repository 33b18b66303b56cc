package io.sluice.producer.metrics;

/** One metric of a producer: a name and a value read when asked. */
public interface Metric {
    /** Returns the metric's name, group and tags. */
    MetricName metricName();

    /**
     * Returns the current value: a count, a gauge's reading, or a rate, average or maximum over the sample window
     * ({@code metrics.sample.window.ms} times {@code metrics.num.samples}). An average or maximum with no value
     * recorded in the window is {@link Double#NaN}, as in Kafka's producer.
     */
    double value();
}
