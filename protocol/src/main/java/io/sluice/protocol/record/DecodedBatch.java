package io.sluice.protocol.record;

import java.util.List;

/**
 * One record batch read back by {@link RecordBatchReader}: every header field, and its records already
 * decompressed, checked and decoded. See {@link RecordBatches} for the layout.
 *
 * @param baseOffset offset of the first record (0 in a batch a producer wrote)
 * @param partitionLeaderEpoch -1 in a batch a producer wrote
 * @param crc the CRC-32C the batch carries, already verified
 * @param attributes raw attributes; see {@link #compressionType()}, {@link #isTransactional()}
 * @param lastOffsetDelta offset delta of the last record
 * @param baseTimestamp timestamp of the first record
 * @param maxTimestamp largest timestamp in the batch
 * @param producerId -1 without idempotence
 * @param producerEpoch -1 without idempotence
 * @param baseSequence -1 without idempotence
 * @param sizeInBytes size of the whole batch on the wire
 * @param records the records, in offset order
 */
public record DecodedBatch(
        long baseOffset,
        int partitionLeaderEpoch,
        int crc,
        short attributes,
        int lastOffsetDelta,
        long baseTimestamp,
        long maxTimestamp,
        long producerId,
        short producerEpoch,
        int baseSequence,
        int sizeInBytes,
        List<DecodedRecord> records) {

    /** The codec of the records section. */
    public CompressionType compressionType() {
        return CompressionType.forId(attributes & RecordBatches.COMPRESSION_MASK);
    }

    /** Whether the transactional bit is set. */
    public boolean isTransactional() {
        return (attributes & RecordBatches.TRANSACTIONAL_FLAG) != 0;
    }

    /** Whether this is a control batch (transaction markers). */
    public boolean isControl() {
        return (attributes & RecordBatches.CONTROL_FLAG) != 0;
    }

    /** Number of records. */
    public int recordCount() {
        return records.size();
    }
}
