/**
 * Micrometer for the native Sluice producer: {@link io.sluice.micrometer.SluiceProducerMetrics} binds a {@code
 * SluiceProducer}'s Kafka metrics to a {@code MeterRegistry} under the meter names and tags Micrometer's own {@code
 * KafkaClientMetrics} gives a kafka-clients producer ({@code kafka.producer.record.send.total}, ...), so dashboards
 * built on those names keep working. Micrometer is a provided dependency: the application's version is used.
 */
package io.sluice.micrometer;
