package io.sluice.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.utils.Time;

/**
 * Sluice's metrics as kafka-clients metrics: each of Sluice's Kafka-named metrics ({@code kafkaMetrics()}) becomes
 * the {@link MetricName} of the same name, group and tags, and each other name Sluice's {@code metrics()} reports
 * one in group {@code producer-metrics} with tag {@code client-id}, read live from Sluice whenever it is read. They sit in a kafka-clients {@link Metrics} registry, so {@code metric.reporters} (JMX by default) are
 * told of them as kafka-clients tells them, and Micrometer's {@code KafkaClientMetrics} finds the names it knows.
 *
 * <p>This class is the one place that decides names, groups and tags; a fuller mapping grows here.
 */
final class KafkaMetricsView implements AutoCloseable {
    static final String GROUP = "producer-metrics";
    static final String JMX_PREFIX = "kafka.producer";

    private final Metrics registry;
    private final Map<String, String> tags;
    private final Supplier<Map<String, Number>> source;
    private final Supplier<Map<io.sluice.producer.metrics.MetricName, io.sluice.producer.metrics.Metric>> registered;

    KafkaMetricsView(
            String clientId,
            List<MetricsReporter> reporters,
            Map<String, Object> contextLabels,
            Supplier<Map<String, Number>> source,
            Supplier<Map<io.sluice.producer.metrics.MetricName, io.sluice.producer.metrics.Metric>> registered) {
        this.tags = Map.of("client-id", clientId);
        this.source = source;
        this.registered = registered;
        MetricConfig config = new MetricConfig().tags(tags);
        this.registry = new Metrics(config, reporters, Time.SYSTEM, new KafkaMetricsContext(JMX_PREFIX, contextLabels));
        refresh();
    }

    /** Returns every metric, first adding any name Sluice reports now that was not there before. */
    Map<MetricName, KafkaMetric> metrics() {
        refresh();
        return Collections.unmodifiableMap(registry.metrics());
    }

    boolean owns(KafkaMetric metric) {
        return registry.metrics().get(metric.metricName()) == metric;
    }

    private void refresh() {
        // Kafka's metrics with their own groups and tags first; then Sluice's own counters in producer-metrics.
        for (io.sluice.producer.metrics.Metric metric : registered.get().values()) {
            io.sluice.producer.metrics.MetricName n = metric.metricName();
            MetricName metricName =
                    registry.metricName(n.name(), n.group(), n.description(), new java.util.LinkedHashMap<>(n.tags()));
            if (!registry.metrics().containsKey(metricName)) {
                registry.addMetricIfAbsent(metricName, null, (Gauge<Double>) (config, now) -> metric.value());
            }
        }
        for (String name : source.get().keySet()) {
            MetricName metricName = name(name);
            if (!registry.metrics().containsKey(metricName)) {
                registry.addMetricIfAbsent(metricName, null, gauge(name));
            }
        }
    }

    MetricName name(String sluiceName) {
        return registry.metricName(sluiceName, GROUP, description(sluiceName), new HashMap<>(tags));
    }

    private static String description(String sluiceName) {
        return "Sluice producer metric " + sluiceName;
    }

    /** A live read of one Sluice metric, as a double (Micrometer's Kafka binder reads doubles). */
    private Gauge<Double> gauge(String sluiceName) {
        return (config, now) -> {
            Number value = source.get().get(sluiceName);
            return value == null ? Double.NaN : value.doubleValue();
        };
    }

    @Override
    public void close() {
        registry.close();
    }
}
