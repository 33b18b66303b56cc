package io.sluice.protocol.record;

import io.sluice.protocol.types.ProtocolException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record batch v2 (magic 2) layout, and operations on sealed batches.
 *
 * <pre>
 *  offset size field
 *   0      8   baseOffset            0 from a producer; the broker assigns offsets
 *   8      4   batchLength           bytes after this field: total size - 12
 *  12      4   partitionLeaderEpoch  -1 from a producer
 *  16      1   magic                 2
 *  17      4   crc                   CRC-32C of bytes 21..end (attributes to the last record)
 *  21      2   attributes            bits 0-2 codec, 3 timestamp type (0 = create time),
 *                                    4 transactional, 5 control, 6 delete horizon set
 *  23      4   lastOffsetDelta       recordCount - 1
 *  27      8   baseTimestamp         timestamp of the first record
 *  35      8   maxTimestamp          largest record timestamp
 *  43      8   producerId            -1 without idempotence
 *  51      2   producerEpoch         -1 without idempotence
 *  53      4   baseSequence          -1 without idempotence
 *  57      4   recordCount
 *  61      ... records, compressed as one block when the codec is not none
 * </pre>
 *
 * All integers big-endian.
 */
public final class RecordBatches {
    static final int BASE_OFFSET = 0;
    static final int LENGTH = 8;
    static final int PARTITION_LEADER_EPOCH = 12;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int BASE_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int RECORD_COUNT = 57;
    static final int RECORDS = 61;

    /** Bytes before {@code batchLength} counts: baseOffset and batchLength itself. */
    static final int LOG_OVERHEAD = 12;

    static final byte MAGIC_V2 = 2;
    static final int COMPRESSION_MASK = 0x07;
    static final int TRANSACTIONAL_FLAG = 0x10;
    static final int CONTROL_FLAG = 0x20;

    private RecordBatches() {}

    /**
     * Rewrites the producer id, epoch and base sequence of a sealed batch and recomputes its CRC, for a
     * retry under a new producer epoch or sequence. The batch starts at the buffer's position; the buffer's
     * position and limit are not changed. Records, codec and transactional flag stay as they are.
     *
     * @throws ProtocolException if the bytes there are not a complete v2 batch
     */
    public static void restamp(ByteBuffer sealedBatch, long producerId, short epoch, int baseSequence) {
        int start = sealedBatch.position();
        int size = checkedSize(sealedBatch, start);
        sealedBatch.putLong(start + PRODUCER_ID, producerId);
        sealedBatch.putShort(start + PRODUCER_EPOCH, epoch);
        sealedBatch.putInt(start + BASE_SEQUENCE, baseSequence);
        sealedBatch.putInt(start + CRC, (int) crc(sealedBatch, start, size, new CRC32C()));
    }

    /** Size of the batch at {@code start}, after checking its magic and that it is all there. */
    private static int checkedSize(ByteBuffer buf, int start) {
        if (buf.limit() - start < RECORDS) {
            throw new ProtocolException("not a sealed batch: " + (buf.limit() - start) + " bytes");
        }
        if (buf.get(start + MAGIC) != MAGIC_V2) {
            throw new ProtocolException("not a v2 batch: magic " + buf.get(start + MAGIC));
        }
        long size = (long) buf.getInt(start + LENGTH) + LOG_OVERHEAD;
        if (size < RECORDS || size > buf.limit() - start) {
            throw new ProtocolException("batch length " + size + " does not fit the buffer");
        }
        return (int) size;
    }

    /** CRC-32C of bytes {@code [start + ATTRIBUTES, start + size)}: what the crc field holds. */
    static long crc(ByteBuffer buf, int start, int size, CRC32C crc) {
        crc.reset();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + start + ATTRIBUTES, size - ATTRIBUTES);
        } else {
            ByteBuffer view = buf.duplicate();
            view.limit(start + size).position(start + ATTRIBUTES);
            crc.update(view);
        }
        return crc.getValue();
    }

    /** CRC-32C over bytes {@code [from, to)} of an array. */
    static long crc(byte[] buf, int from, int to, CRC32C crc) {
        crc.reset();
        crc.update(buf, from, to - from);
        return crc.getValue();
    }
}
