package io.sluice.producer;

/**
 * Where an acknowledged record was written.
 *
 * <p>The offset is the batch's base offset plus the record's index in the batch. The timestamp is the broker's
 * log append time when the topic uses {@code message.timestamp.type=LogAppendTime}, else the record's own
 * timestamp (the one given or the send time).
 */
public final class RecordMetadata {
    /** The offset value when none is known, for example with {@code acks=0} or on failure. */
    public static final long UNKNOWN_OFFSET = -1L;

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final int serializedKeySize;
    private final int serializedValueSize;

    /**
     * Creates record metadata.
     *
     * @param topic the topic
     * @param partition the partition, or {@code -1} when none was chosen
     * @param offset the offset, or {@link #UNKNOWN_OFFSET}
     * @param timestamp the timestamp in milliseconds since the epoch, or {@code -1}
     * @param serializedKeySize the key's size in bytes, {@code -1} for a null key
     * @param serializedValueSize the value's size in bytes, {@code -1} for a null value
     */
    public RecordMetadata(
            String topic, int partition, long offset, long timestamp, int serializedKeySize, int serializedValueSize) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
    }

    /** Returns the topic. */
    public String topic() {
        return topic;
    }

    /** Returns the partition, or {@code -1} when none had been chosen. */
    public int partition() {
        return partition;
    }

    /** Returns the offset, or {@link #UNKNOWN_OFFSET} when {@link #hasOffset()} is false. */
    public long offset() {
        return offset;
    }

    /** Returns whether the broker told us the offset. */
    public boolean hasOffset() {
        return offset != UNKNOWN_OFFSET;
    }

    /** Returns the timestamp, or {@code -1} when unknown. */
    public long timestamp() {
        return timestamp;
    }

    /** Returns whether {@link #timestamp()} is known. */
    public boolean hasTimestamp() {
        return timestamp != -1L;
    }

    /** Returns the serialized key's size, or {@code -1} for a null key. */
    public int serializedKeySize() {
        return serializedKeySize;
    }

    /** Returns the serialized value's size, or {@code -1} for a null value. */
    public int serializedValueSize() {
        return serializedValueSize;
    }

    /** Returns {@code topic-partition@offset}, the form Kafka's client uses. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
