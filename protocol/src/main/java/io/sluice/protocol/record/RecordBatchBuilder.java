package io.sluice.protocol.record;

import static io.sluice.protocol.record.RecordBatches.*;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes one record batch v2 into a caller's heap buffer: records are appended in place, then
 * {@link #seal} back-patches the header, compresses the records section if asked, and computes the CRC.
 *
 * <p>The buffer's bytes from its position to its limit are the batch's room: that is the most the
 * uncompressed batch may take, header included. The header's 61 bytes are reserved up front and the first
 * record goes right after them. Every size is known before anything is written, so
 * {@link #hasRoomFor} is exact and {@link #append} never writes past the limit.
 *
 * <p>Timestamps are stored as deltas from the batch's base timestamp, which is the first appended record's
 * timestamp (deltas may be negative); offsets are deltas from 0 in append order. Appending allocates
 * nothing: varints and header keys are encoded straight into the buffer.
 *
 * <p>Sealing with a codec compresses the records into a per-thread scratch array and copies the result
 * back over the uncompressed records in the same buffer; if the compressed form is not smaller, the batch
 * is sent uncompressed (codec bits none), which every broker and consumer accepts.
 *
 * <p>Not thread-safe: the caller (the accumulator, under its partition lock) serialises access.
 */
public final class RecordBatchBuilder {
    /** Size of the batch header before the first record. */
    public static final int BATCH_OVERHEAD = RecordBatches.RECORDS;

    private byte[] array;
    private final Compression compression;
    /** Array index of the batch's first byte (baseOffset). */
    private int start;
    /** Array index one past the last byte the batch may use. */
    private int end;

    /** Array index of the next record. */
    private int position;

    private int recordCount;
    private long baseTimestamp;
    private long maxTimestamp = Long.MIN_VALUE;
    private int sealedSize = -1;
    private int uncompressedSize = -1;

    /**
     * A builder writing into {@code buffer} from its position to its limit.
     *
     * @param buffer a writable heap buffer with at least {@link #BATCH_OVERHEAD} bytes remaining
     * @param compression the codec applied to the records at {@link #seal}; its library must be available
     * @param firstTimestamp the base timestamp until the first record sets it; only visible if a caller
     *     reads {@link #maxTimestamp()} of an empty batch
     * @throws IllegalStateException if the codec's optional library is missing
     */
    public RecordBatchBuilder(ByteBuffer buffer, Compression compression, long firstTimestamp) {
        Objects.requireNonNull(buffer, "buffer");
        this.compression = Objects.requireNonNull(compression, "compression");
        if (!buffer.hasArray()) {
            throw new IllegalArgumentException("batch buffer must be a writable heap buffer");
        }
        if (buffer.remaining() < BATCH_OVERHEAD) {
            throw new IllegalArgumentException("batch buffer has " + buffer.remaining() + " bytes, less than the "
                    + BATCH_OVERHEAD + "-byte header");
        }
        compression.checkAvailable();
        this.array = buffer.array();
        this.start = buffer.arrayOffset() + buffer.position();
        this.end = buffer.arrayOffset() + buffer.limit();
        this.position = start + BATCH_OVERHEAD;
        this.baseTimestamp = firstTimestamp;
    }

    /**
     * Exact uncompressed size of a batch holding only this record, so a buffer of this size always takes
     * it. This is also the quantity Kafka checks against {@code max.request.size} and {@code buffer.memory}.
     *
     * @throws IllegalArgumentException if the batch would exceed 2 GiB
     */
    public static int sizeOfSingleRecordBatch(long timestamp, byte[] key, byte[] value, Header[] headers) {
        long size = BATCH_OVERHEAD + RecordEncoding.sizeOf(0, 0, key, value, headers);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("record of " + size + " bytes cannot fit a batch");
        }
        return (int) size;
    }

    /**
     * Whether {@link #append} with these arguments would succeed now. Exact: a record that fits uses the
     * space to the last byte. An empty batch whose buffer was sized with
     * {@link #sizeOfSingleRecordBatch} always has room for that record.
     */
    public boolean hasRoomFor(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (sealedSize >= 0) {
            return false;
        }
        long size = RecordEncoding.sizeOf(timestampDelta(timestamp), recordCount, key, value, headers);
        return size <= end - position;
    }

    /**
     * Appends a record.
     *
     * @param timestamp create time in epoch milliseconds
     * @param key may be null
     * @param value may be null
     * @param headers may be null or empty; no header or header key may be null
     * @return the record's encoded size in bytes, length prefix included
     * @throws IllegalStateException if the batch is sealed or the record does not fit
     */
    public int append(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (sealedSize >= 0) {
            throw new IllegalStateException("batch is sealed");
        }
        long delta = timestampDelta(timestamp);
        long body = RecordEncoding.sizeOfBody(delta, recordCount, key, value, headers);
        long size = body > Integer.MAX_VALUE ? body + 5 : body + RecordEncoding.sizeOfVarint((int) body);
        if (size > end - position) {
            throw new IllegalStateException(
                    "record of " + size + " bytes does not fit the " + (end - position) + " bytes left in the batch");
        }
        write(timestamp, delta, body, size, key, value, headers);
        return (int) size;
    }

    /**
     * Appends a record if it fits, sizing it once: the same as {@link #hasRoomFor} followed by {@link #append},
     * for the hot path that would otherwise size every record twice.
     *
     * @return the record's encoded size in bytes, or {@code -1} when it does not fit or the batch is sealed
     *     (nothing is written then)
     */
    public int tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (sealedSize >= 0) {
            return -1;
        }
        long delta = timestampDelta(timestamp);
        long body = RecordEncoding.sizeOfBody(delta, recordCount, key, value, headers);
        long size = body > Integer.MAX_VALUE ? body + 5 : body + RecordEncoding.sizeOfVarint((int) body);
        if (size > end - position) {
            return -1;
        }
        write(timestamp, delta, body, size, key, value, headers);
        return (int) size;
    }

    /**
     * The batch's size in bytes, header included, once this record were appended: the room a buffer needs for it
     * (an upper bound on the size {@link #seal} would give, which compression only shrinks).
     */
    public long sizeWith(long timestamp, byte[] key, byte[] value, Header[] headers) {
        return (long) (position - start)
                + RecordEncoding.sizeOf(timestampDelta(timestamp), recordCount, key, value, headers);
    }

    /**
     * Moves the open batch, as written so far, to the start of {@code bigger}'s remaining room and goes on writing
     * there; the old buffer is no longer used. For batches that take memory as records arrive.
     *
     * @throws IllegalStateException if the batch is sealed
     * @throws IllegalArgumentException if {@code bigger} is not a heap buffer with room for what is written
     */
    public void moveTo(ByteBuffer bigger) {
        if (sealedSize >= 0) {
            throw new IllegalStateException("a sealed batch cannot move");
        }
        int written = position - start;
        if (!bigger.hasArray() || bigger.remaining() < written) {
            throw new IllegalArgumentException(
                    "a batch of " + written + " bytes cannot move to a buffer with " + bigger.remaining() + " bytes");
        }
        byte[] target = bigger.array();
        int targetStart = bigger.arrayOffset() + bigger.position();
        System.arraycopy(array, start, target, targetStart, written);
        array = target;
        start = targetStart;
        end = bigger.arrayOffset() + bigger.limit();
        position = start + written;
    }

    /** Writes a record already sized ({@code size} bytes, {@code body} of them after the length) and known to fit. */
    private void write(long timestamp, long delta, long body, long size, byte[] key, byte[] value, Header[] headers) {
        int next = RecordEncoding.write(array, position, (int) body, delta, recordCount, key, value, headers);
        assert next - position == size : "record size " + size + " but wrote " + (next - position);
        position = next;
        if (recordCount == 0) {
            baseTimestamp = timestamp;
        }
        recordCount++;
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    private long timestampDelta(long timestamp) {
        return recordCount == 0 ? 0 : timestamp - baseTimestamp;
    }

    /** Records appended so far. */
    public int recordCount() {
        return recordCount;
    }

    /** Bytes the batch takes: uncompressed with its header while open, the sealed batch's size after. */
    public int sizeInBytes() {
        return sealedSize >= 0 ? sealedSize : position - start;
    }

    /** Bytes the batch took before compression: its size while open, its pre-compression size once sealed. */
    public int uncompressedSizeInBytes() {
        return uncompressedSize >= 0 ? uncompressedSize : position - start;
    }

    /** Largest timestamp appended, or the base timestamp while the batch is empty. */
    public long maxTimestamp() {
        return recordCount == 0 ? baseTimestamp : maxTimestamp;
    }

    /** Whether no record has been appended. */
    public boolean isEmpty() {
        return recordCount == 0;
    }

    /** Whether {@link #seal} has been called. */
    public boolean isSealed() {
        return sealedSize >= 0;
    }

    /** The codec this batch is sealed with (before falling back to none for incompressible records). */
    public Compression compression() {
        return compression;
    }

    /**
     * Finishes the batch: compresses the records if a codec was given and it saves space, writes every header
     * field and the CRC-32C.
     *
     * @param producerId -1 without idempotence
     * @param producerEpoch -1 without idempotence
     * @param baseSequence sequence of the first record, -1 without idempotence
     * @param transactional whether the batch belongs to a transaction
     * @return the batch: a view of the builder's buffer with position 0 and limit the batch's size
     * @throws IllegalStateException if the batch is empty or already sealed
     */
    public ByteBuffer seal(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        if (sealedSize >= 0) {
            throw new IllegalStateException("batch is already sealed");
        }
        if (recordCount == 0) {
            throw new IllegalStateException("an empty batch cannot be sealed");
        }
        uncompressedSize = position - start;
        CompressionScratch scratch = CompressionScratch.get();
        int codecId = CompressionType.NONE.id();
        if (compression.type() != CompressionType.NONE && compressRecords(scratch)) {
            codecId = compression.type().id();
        }
        int size = position - start;
        int attributes = codecId | (transactional ? TRANSACTIONAL_FLAG : 0);
        ByteBuffer out = ByteBuffer.wrap(array, start, size).slice();
        out.putLong(BASE_OFFSET, 0L);
        out.putInt(LENGTH, size - LOG_OVERHEAD);
        out.putInt(PARTITION_LEADER_EPOCH, -1);
        out.put(MAGIC, MAGIC_V2);
        out.putShort(ATTRIBUTES, (short) attributes);
        out.putInt(LAST_OFFSET_DELTA, recordCount - 1);
        out.putLong(BASE_TIMESTAMP, baseTimestamp);
        out.putLong(MAX_TIMESTAMP, maxTimestamp);
        out.putLong(PRODUCER_ID, producerId);
        out.putShort(PRODUCER_EPOCH, producerEpoch);
        out.putInt(BASE_SEQUENCE, baseSequence);
        out.putInt(RECORD_COUNT, recordCount);
        out.putInt(CRC, (int) RecordBatches.crc(array, start + ATTRIBUTES, position, scratch.crc));
        sealedSize = size;
        return out;
    }

    /**
     * Compresses the records section into scratch and copies it back in place of the records. Returns false,
     * leaving the records as they are, when compression would not make them smaller.
     */
    private boolean compressRecords(CompressionScratch scratch) {
        Codec codec = Codecs.forType(compression.type());
        int recordsStart = start + BATCH_OVERHEAD;
        int length = position - recordsStart;
        byte[] dst = scratch.buffer(codec.maxCompressedLength(length));
        int compressed = codec.compress(array, recordsStart, length, compression.level(), dst, length);
        if (compressed < 0 || compressed >= length) {
            return false;
        }
        System.arraycopy(dst, 0, array, recordsStart, compressed);
        position = recordsStart + compressed;
        return true;
    }

    @Override
    public String toString() {
        return "RecordBatchBuilder(records=" + recordCount + ", bytes=" + sizeInBytes() + ", room=" + (end - position)
                + ", " + compression + (isSealed() ? ", sealed)" : ")");
    }
}
