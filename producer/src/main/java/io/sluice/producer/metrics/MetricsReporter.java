package io.sluice.producer.metrics;

import java.util.List;
import java.util.Map;

/**
 * Told about a producer's metrics as they come and go; named in {@code metric.reporters}, which needs a public
 * no-argument constructor. The producer calls {@link #configure} with its settings (and {@code client.id}), then
 * {@link #init} with the metrics that exist at start, {@link #metricChange} for each metric added later (a node or
 * topic seen for the first time), {@link #metricRemoval} for each removed, and {@link #close} when it closes.
 *
 * <p>Calls may come from the producer's network thread: a reporter must not block there. Values are read, not
 * pushed: call {@link Metric#value()} when you want one.
 */
public interface MetricsReporter extends AutoCloseable {
    /** Receives the producer's settings; does nothing by default. */
    default void configure(Map<String, ?> settings) {}

    /** Receives every metric that exists when the producer starts. */
    void init(List<Metric> metrics);

    /** Receives a metric added, or replaced under the same name. */
    void metricChange(Metric metric);

    /** Receives a metric removed. */
    void metricRemoval(Metric metric);

    /** Releases what the reporter holds; the producer calls it once, at close. */
    @Override
    void close();
}
