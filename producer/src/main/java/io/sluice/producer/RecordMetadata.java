package io.sluice.producer;

/**
 * Where an acknowledged record was written.
 *
 * <p>The offset is the batch's base offset plus the record's index in the batch. The timestamp is the broker's
 * log append time when the topic uses {@code message.timestamp.type=LogAppendTime}, else the record's own
 * timestamp (the one given or the send time).
 *
 * <p>Instances are immutable. The producer's own instances read their values from the acknowledged batch they
 * belong to, which keeps completing a record down to one small allocation; {@link #of} builds one from values.
 * {@code toString()} gives {@code topic-partition@offset}, the form Kafka's client uses.
 */
public interface RecordMetadata {
    /** The offset value when none is known, for example with {@code acks=0} or on failure. */
    long UNKNOWN_OFFSET = -1L;

    /**
     * Creates record metadata from its values.
     *
     * @param topic the topic
     * @param partition the partition, or {@code -1} when none was chosen
     * @param offset the offset, or {@link #UNKNOWN_OFFSET}
     * @param timestamp the timestamp in milliseconds since the epoch, or {@code -1}
     * @param serializedKeySize the key's size in bytes, {@code -1} for a null key
     * @param serializedValueSize the value's size in bytes, {@code -1} for a null value
     * @return the metadata
     */
    static RecordMetadata of(
            String topic, int partition, long offset, long timestamp, int serializedKeySize, int serializedValueSize) {
        return new RecordMetadataValues(topic, partition, offset, timestamp, serializedKeySize, serializedValueSize);
    }

    /**
     * Returns the topic.
     *
     * @return the topic
     */
    String topic();

    /**
     * Returns the partition, or {@code -1} when none had been chosen.
     *
     * @return the partition
     */
    int partition();

    /**
     * Returns the offset, or {@link #UNKNOWN_OFFSET} when {@link #hasOffset()} is false.
     *
     * @return the offset
     */
    long offset();

    /**
     * Returns whether the broker told us the offset.
     *
     * @return whether {@link #offset()} is known
     */
    default boolean hasOffset() {
        return offset() != UNKNOWN_OFFSET;
    }

    /**
     * Returns the timestamp, or {@code -1} when unknown.
     *
     * @return the timestamp in milliseconds since the epoch
     */
    long timestamp();

    /**
     * Returns whether {@link #timestamp()} is known.
     *
     * @return whether the timestamp is known
     */
    default boolean hasTimestamp() {
        return timestamp() != -1L;
    }

    /**
     * Returns the serialized key's size, or {@code -1} for a null key.
     *
     * @return the key's size in bytes
     */
    int serializedKeySize();

    /**
     * Returns the serialized value's size, or {@code -1} for a null value.
     *
     * @return the value's size in bytes
     */
    int serializedValueSize();
}
