package io.sluice.producer;

import io.sluice.producer.internal.RecordMetadataViews;

/**
 * Where an acknowledged record was written.
 *
 * <p>The offset is the batch's base offset plus the record's index in the batch. The timestamp is the broker's
 * log append time when the topic uses {@code message.timestamp.type=LogAppendTime}, else the record's own
 * timestamp (the one given or the send time).
 *
 * <p>Instances are immutable. The producer's own instances read their values from the acknowledged batch they
 * belong to, which keeps completing a record down to one small allocation.
 */
public final class RecordMetadata {
    /** The offset value when none is known, for example with {@code acks=0} or on failure. */
    public static final long UNKNOWN_OFFSET = -1L;

    static {
        RecordMetadataViews.install(RecordMetadata::new);
    }

    /** Where the values live: a batch's shared record values, or a {@link Single} for one record. */
    private final RecordMetadataViews.Source source;

    private final int index;

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
        this(new Single(topic, partition, offset, timestamp, serializedKeySize, serializedValueSize), 0);
    }

    private RecordMetadata(RecordMetadataViews.Source source, int index) {
        this.source = source;
        this.index = index;
    }

    /** Returns the topic. */
    public String topic() {
        return source.topic();
    }

    /** Returns the partition, or {@code -1} when none had been chosen. */
    public int partition() {
        return source.partition();
    }

    /** Returns the offset, or {@link #UNKNOWN_OFFSET} when {@link #hasOffset()} is false. */
    public long offset() {
        return source.offset(index);
    }

    /** Returns whether the broker told us the offset. */
    public boolean hasOffset() {
        return offset() != UNKNOWN_OFFSET;
    }

    /** Returns the timestamp, or {@code -1} when unknown. */
    public long timestamp() {
        return source.timestamp(index);
    }

    /** Returns whether {@link #timestamp()} is known. */
    public boolean hasTimestamp() {
        return timestamp() != -1L;
    }

    /** Returns the serialized key's size, or {@code -1} for a null key. */
    public int serializedKeySize() {
        return source.serializedKeySize(index);
    }

    /** Returns the serialized value's size, or {@code -1} for a null value. */
    public int serializedValueSize() {
        return source.serializedValueSize(index);
    }

    /** Returns {@code topic-partition@offset}, the form Kafka's client uses. */
    @Override
    public String toString() {
        return topic() + "-" + partition() + "@" + offset();
    }

    /** The values of one record, for metadata built with the public constructor. */
    private record Single(
            String topic, int partition, long offset, long timestamp, int serializedKeySize, int serializedValueSize)
            implements RecordMetadataViews.Source {
        @Override
        public long offset(int index) {
            return offset;
        }

        @Override
        public long timestamp(int index) {
            return timestamp;
        }

        @Override
        public int serializedKeySize(int index) {
            return serializedKeySize;
        }

        @Override
        public int serializedValueSize(int index) {
            return serializedValueSize;
        }
    }
}
