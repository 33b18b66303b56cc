package io.sluice.producer.internal.accumulate;

import io.sluice.producer.RecordMetadata;

/**
 * What the metadata of a completed batch's records reads: the batch's offset and append time and its per-record
 * timestamps and sizes, shared by every record's {@link RecordMetadata} view. Created once per completion; the
 * arrays are handed over by the batch, which no longer writes them.
 */
final class BatchRecordValues {
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

    private String topic() {
        return topic;
    }

    private int partition() {
        return partition;
    }

    private long offset(int index) {
        return baseOffset < 0 ? RecordMetadata.UNKNOWN_OFFSET : baseOffset + index;
    }

    private long timestamp(int index) {
        return logAppendTime != -1L ? logAppendTime : timestamps[index];
    }

    private int serializedKeySize(int index) {
        return keySizes[index];
    }

    private int serializedValueSize(int index) {
        return valueSizes[index];
    }

    /** Returns the metadata of record {@code index}, a view that reads through to these values. */
    RecordMetadata metadata(int index) {
        return new View(this, index);
    }

    /** One record's metadata: a reference and an index, so completing a record allocates this alone. */
    private static final class View implements RecordMetadata {
        private final BatchRecordValues values;
        private final int index;

        View(BatchRecordValues values, int index) {
            this.values = values;
            this.index = index;
        }

        @Override
        public String topic() {
            return values.topic();
        }

        @Override
        public int partition() {
            return values.partition();
        }

        @Override
        public long offset() {
            return values.offset(index);
        }

        @Override
        public long timestamp() {
            return values.timestamp(index);
        }

        @Override
        public int serializedKeySize() {
            return values.serializedKeySize(index);
        }

        @Override
        public int serializedValueSize() {
            return values.serializedValueSize(index);
        }

        @Override
        public String toString() {
            return topic() + "-" + partition() + "@" + offset();
        }
    }
}
