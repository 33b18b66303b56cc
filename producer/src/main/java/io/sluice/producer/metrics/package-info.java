/**
 * The producer's metrics as Kafka's producer names them: each {@link io.sluice.producer.metrics.Metric} has a
 * {@link io.sluice.producer.metrics.MetricName} (name, group, tags, description) and a current value. They are
 * published to JMX by {@link io.sluice.producer.metrics.JmxReporter} (the default of {@code metric.reporters}) and to
 * any other {@link io.sluice.producer.metrics.MetricsReporter} named there; {@code SluiceProducer.kafkaMetrics()} reads
 * them directly.
 */
package io.sluice.producer.metrics;
