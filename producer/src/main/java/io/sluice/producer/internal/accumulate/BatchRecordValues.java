package io.sluice.producer.internal.accumulate;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.internal.RecordMetadataViews;

/**
 * What the metadata of a completed batch's records reads: the batch's offset and append time and its per-record
 * timestamps and sizes, shared by every record's {@link RecordMetadata} view. Created once per completion; the
 * arrays are handed over by the batch, which no longer writes them.
 */
final class BatchRecordValues implements RecordMetadataViews.Source {
    private final String topic;
    private final int partition;
    private final long baseOffset;
    private final long logAppendTime;
    private final long[] timestamps;
    private final int[] keySizes;
    private final int[] valueSizes;

    /**
     * @param baseOffset the first record's offset, or a negative value when unknown (acks=0, failure)
     * @param logAppendTime the broker's append time, or {@code -1} to report each record's own timestamp
     */
    BatchRecordValues(
            String topic,
            int partition,
            long baseOffset,
            long logAppendTime,
            long[] timestamps,
            int[] keySizes,
            int[] valueSizes) {
        this.topic = topic;
        this.partition = partition;
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
        this.timestamps = timestamps;
        this.keySizes = keySizes;
        this.valueSizes = valueSizes;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public long offset(int index) {
        return baseOffset < 0 ? RecordMetadata.UNKNOWN_OFFSET : baseOffset + index;
    }

    @Override
    public long timestamp(int index) {
        return logAppendTime != -1L ? logAppendTime : timestamps[index];
    }

    @Override
    public int serializedKeySize(int index) {
        return keySizes[index];
    }

    @Override
    public int serializedValueSize(int index) {
        return valueSizes[index];
    }
}
