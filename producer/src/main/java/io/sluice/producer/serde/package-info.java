/**
 * Serializers: the {@link io.sluice.producer.serde.Serializer} interface and built-ins that write exactly the
 * bytes Apache Kafka's serializers write, so data is readable by any Kafka consumer with the usual deserializers.
 */
package io.sluice.producer.serde;
