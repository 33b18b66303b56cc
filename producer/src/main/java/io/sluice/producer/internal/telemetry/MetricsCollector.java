package io.sluice.producer.internal.telemetry;

import io.sluice.producer.metrics.Metric;
import io.sluice.producer.metrics.MetricName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the producer's metrics that a subscription asks for, as {@link TelemetryPoint}s. Metrics named
 * {@code *-total} are monotonic counters and become Sums, every other metric a Gauge. For delta temporality a
 * Sum carries the growth since the previous collection (the first collection counts from the producer's
 * start), so the collector remembers each counter's last value. Used by the network thread only.
 */
final class MetricsCollector {
    private final Supplier<Map<MetricName, Metric>> metrics;
    private final long startNanos;
    private final Map<MetricName, Double> lastTotals = new HashMap<>();
    private long lastCollectNanos;

    /**
     * @param metrics the producer's live metrics
     * @param startMs when the producer started counting, Unix epoch milliseconds
     */
    MetricsCollector(Supplier<Map<MetricName, Metric>> metrics, long startMs) {
        this.metrics = metrics;
        this.startNanos = startMs * 1_000_000L;
        this.lastCollectNanos = startNanos;
    }

    /** The points of every metric one of {@code prefixes} selects, read at {@code nowMs}. */
    List<TelemetryPoint> collect(List<String> prefixes, boolean delta, long nowMs) {
        long nowNanos = nowMs * 1_000_000L;
        List<TelemetryPoint> points = new ArrayList<>();
        for (Map.Entry<MetricName, Metric> e : metrics.get().entrySet()) {
            MetricName metricName = e.getKey();
            String name = TelemetryNames.telemetryName(metricName);
            if (!TelemetryNames.requested(prefixes, name)) {
                continue;
            }
            double value = e.getValue().value();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue; // e.g. an average over an empty window: no value to report
            }
            boolean sum = metricName.name().endsWith("-total");
            Map<String, String> attributes = TelemetryNames.attributes(metricName.tags());
            if (!sum) {
                points.add(new TelemetryPoint(name, metricName.description(), false, attributes, value, 0, nowNanos));
            } else if (delta) {
                Double last = lastTotals.put(metricName, value);
                double growth = value - (last == null ? 0 : last);
                long start = last == null ? startNanos : lastCollectNanos;
                points.add(
                        new TelemetryPoint(name, metricName.description(), true, attributes, growth, start, nowNanos));
            } else {
                points.add(new TelemetryPoint(
                        name, metricName.description(), true, attributes, value, startNanos, nowNanos));
            }
        }
        lastCollectNanos = nowNanos;
        return points;
    }
}
