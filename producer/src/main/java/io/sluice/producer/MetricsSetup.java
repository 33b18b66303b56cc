package io.sluice.producer;

import io.sluice.producer.internal.accumulate.BufferPool;
import io.sluice.producer.internal.metrics.MetricsConfig;
import io.sluice.producer.internal.metrics.MetricsRegistry;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.producer.internal.metrics.RecordingLevel;
import io.sluice.producer.internal.time.Clock;
import io.sluice.producer.metrics.JmxReporter;
import io.sluice.producer.metrics.MetricsReporter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a producer's metrics from its settings: the sampling of {@code metrics.sample.window.ms}, {@code
 * metrics.num.samples} and {@code metrics.recording.level}, and the reporters of {@code metric.reporters}, where
 * Kafka's {@code org.apache.kafka.common.metrics.JmxReporter} means Sluice's {@link JmxReporter} and an empty list
 * means no JMX.
 */
final class MetricsSetup {
    static final String KAFKA_JMX_REPORTER = "org.apache.kafka.common.metrics.JmxReporter";

    private MetricsSetup() {}

    static ProducerMetrics create(ProducerConfig config, Clock clock, BufferPool pool) {
        MetricsConfig sampling = new MetricsConfig(
                config.getLong(ProducerConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG),
                config.getInt(ProducerConfig.METRICS_NUM_SAMPLES_CONFIG),
                RecordingLevel.parse(config.getString(ProducerConfig.METRICS_RECORDING_LEVEL_CONFIG)));
        MetricsRegistry registry = config.getBoolean(ProducerConfig.METRICS_ENABLED_CONFIG)
                ? new MetricsRegistry(sampling, clock::milliseconds, reporters(config))
                : MetricsRegistry.off();
        ProducerMetrics metrics = new ProducerMetrics(registry, config.clientId());
        metrics.gauge(
                "buffer-total-bytes",
                "The maximum amount of buffer memory the client can use",
                now -> pool.totalMemory());
        metrics.gauge(
                "buffer-available-bytes",
                "The total amount of buffer memory that is not being used",
                now -> pool.availableMemory());
        metrics.gauge(
                "waiting-threads",
                "The number of user threads blocked waiting for buffer memory to enqueue their records",
                now -> pool.queued());
        return metrics;
    }

    private static List<MetricsReporter> reporters(ProducerConfig config) {
        List<MetricsReporter> reporters = new ArrayList<>();
        Map<String, Object> settings = new HashMap<>(config.originalsForPlugins());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
        for (Object entry : config.getList(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG)) {
            String name = entry instanceof Class<?> c
                    ? c.getName()
                    : String.valueOf(entry).trim();
            if (name.isEmpty()) {
                continue;
            }
            MetricsReporter reporter = name.equals(KAFKA_JMX_REPORTER) || name.equals(JmxReporter.class.getName())
                    ? new JmxReporter()
                    : Plugins.create(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, entry, MetricsReporter.class);
            reporter.configure(settings);
            reporters.add(reporter);
        }
        return reporters;
    }
}
