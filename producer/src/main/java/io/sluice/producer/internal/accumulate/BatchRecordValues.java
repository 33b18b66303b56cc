package io.sluice.producer.internal.accumulate;

import io.sluice.producer.RecordMetadata;

/**
 * What the metadata of a completed batch's records reads: the batch's topic, partition, offset and append time,
 * shared by every record's {@link RecordMetadata} view, and each record's own timestamp and sizes, which its
 * {@link OutgoingRecord} keeps. Created once per completion.
 */
final class BatchRecordValues {
    private final String topic;
    private final int partition;
    private final long baseOffset;
    private final long logAppendTime;

    /**
     * @param baseOffset the first record's offset, or a negative value when unknown (acks=0, failure)
     * @param logAppendTime the broker's append time, or {@code -1} to report each record's own timestamp
     */
    BatchRecordValues(String topic, int partition, long baseOffset, long logAppendTime) {
        this.topic = topic;
        this.partition = partition;
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
    }

    private long offset(int index) {
        return baseOffset < 0 ? RecordMetadata.UNKNOWN_OFFSET : baseOffset + index;
    }

    private long timestamp(OutgoingRecord record) {
        return logAppendTime != -1L ? logAppendTime : record.timestamp();
    }

    /** Returns the metadata of {@code record}, the batch's record {@code index}: a view that reads through. */
    RecordMetadata metadata(OutgoingRecord record, int index) {
        return new View(this, record, index);
    }

    /**
     * One record's metadata: two references and an index (24 bytes), so completing a record allocates this alone.
     */
    private static final class View implements RecordMetadata {
        private final BatchRecordValues values;
        private final OutgoingRecord record;
        private final int index;

        View(BatchRecordValues values, OutgoingRecord record, int index) {
            this.values = values;
            this.record = record;
            this.index = index;
        }

        @Override
        public String topic() {
            return values.topic;
        }

        @Override
        public int partition() {
            return values.partition;
        }

        @Override
        public long offset() {
            return values.offset(index);
        }

        @Override
        public long timestamp() {
            return values.timestamp(record);
        }

        @Override
        public int serializedKeySize() {
            return record.keySize();
        }

        @Override
        public int serializedValueSize() {
            return record.valueSize();
        }

        @Override
        public String toString() {
            return topic() + "-" + partition() + "@" + offset();
        }
    }
}
