package io.sluice.producer;

import java.util.Objects;

/**
 * A partition of a topic, as used by {@link SluiceProducer#sendOffsetsToTransaction}: the partition of a consumed
 * topic whose offset is committed with a transaction.
 *
 * @param topic the topic name, never null
 * @param partition the partition number, zero or more
 */
public record TopicPartition(String topic, int partition) {
    /**
     * Creates the value.
     *
     * @throws NullPointerException when {@code topic} is null
     * @throws IllegalArgumentException when {@code partition} is negative
     */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
    }

    /** Returns {@code topic-partition}, as Kafka prints partitions. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
