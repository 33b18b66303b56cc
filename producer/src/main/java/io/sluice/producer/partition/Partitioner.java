package io.sluice.producer.partition;

import java.io.Closeable;
import java.util.Map;

/**
 * Chooses the partition of a record that has no explicit partition. Named by {@code partitioner.class} (a class
 * with a public no-argument constructor); Kafka's {@code org.apache.kafka.clients.producer.RoundRobinPartitioner}
 * maps to {@link RoundRobinPartitioner}.
 *
 * <p>Called on the sending thread, from many threads at once, only once the topic's metadata is known; it must
 * be thread-safe and fast. An exception fails that one send.
 */
public interface Partitioner extends Closeable {
    /** Receives the producer's settings once, before first use. */
    default void configure(Map<String, ?> configs) {}

    /**
     * Returns the partition for the record, in {@code [0, cluster.partitionCount(topic))}.
     *
     * @param topic the topic
     * @param key the key object, may be null
     * @param keyBytes the serialized key, may be null
     * @param value the value object, may be null
     * @param valueBytes the serialized value, may be null
     * @param cluster the latest metadata
     */
    int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, ClusterView cluster);

    /** Releases resources when the producer closes. */
    @Override
    default void close() {}
}
