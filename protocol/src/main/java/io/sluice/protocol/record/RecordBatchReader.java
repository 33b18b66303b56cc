package io.sluice.protocol.record;

import static io.sluice.protocol.record.RecordBatches.*;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * Reads record batches v2 one after another from a buffer: checks each batch's length, magic and CRC-32C,
 * decompresses its records and decodes them. Used by tests and to split a batch the broker refused as too
 * large; it favours checking over speed.
 *
 * <p>Every length read is bounded by the bytes that are actually there, and decompressed output grows
 * only as the codec produces it, up to a cap (by default {@link #DEFAULT_MAX_RECORDS_BYTES}); any
 * inconsistency ends in a {@link ProtocolException}. A batch cut short at the end of the buffer is an error
 * too: this reader is for complete batches, not for the partial tail of a fetch.
 *
 * <p>Reads {@code [position, limit)} of the buffer given, without moving its position. After a
 * {@link ProtocolException} the reader is at its end: nothing after a malformed batch can be trusted.
 * Not thread-safe.
 */
public final class RecordBatchReader implements Iterator<DecodedBatch> {
    /** Default cap on the decompressed size of one batch's records. */
    public static final int DEFAULT_MAX_RECORDS_BYTES = 64 * 1024 * 1024;

    /** Smallest possible record: seven one-byte fields. */
    private static final int MIN_RECORD_SIZE = 7;

    private final ByteBuffer buf;
    private final int maxRecordsBytes;
    private final CRC32C crc = new CRC32C();

    /** Reads the batches in {@code buffer}, decompressing at most {@link #DEFAULT_MAX_RECORDS_BYTES} each. */
    public RecordBatchReader(ByteBuffer buffer) {
        this(buffer, DEFAULT_MAX_RECORDS_BYTES);
    }

    /** Reads the batches in {@code buffer}, decompressing at most {@code maxRecordsBytes} per batch. */
    public RecordBatchReader(ByteBuffer buffer, int maxRecordsBytes) {
        if (maxRecordsBytes <= 0) {
            throw new IllegalArgumentException("maxRecordsBytes must be positive");
        }
        this.buf = buffer.slice();
        this.maxRecordsBytes = maxRecordsBytes;
    }

    /** Every batch in {@code buffer}. */
    public static List<DecodedBatch> readAll(ByteBuffer buffer) {
        List<DecodedBatch> batches = new ArrayList<>();
        new RecordBatchReader(buffer).forEachRemaining(batches::add);
        return batches;
    }

    @Override
    public boolean hasNext() {
        return buf.hasRemaining();
    }

    /**
     * The next batch, checked and decoded.
     *
     * @throws ProtocolException if the batch is truncated, not magic 2, fails its CRC, or is malformed
     */
    @Override
    public DecodedBatch next() {
        if (!buf.hasRemaining()) {
            throw new NoSuchElementException();
        }
        try {
            return readBatch();
        } catch (ProtocolException e) {
            buf.position(buf.limit());
            throw e;
        }
    }

    private DecodedBatch readBatch() {
        int start = buf.position();
        int remaining = buf.remaining();
        if (remaining < LOG_OVERHEAD) {
            throw new ProtocolException("truncated batch: " + remaining + " bytes left, batch header needs 61");
        }
        int length = buf.getInt(start + LENGTH);
        if (length < RECORDS - LOG_OVERHEAD) {
            throw new ProtocolException("batch length " + length + " is shorter than a batch header");
        }
        if (length > remaining - LOG_OVERHEAD) {
            throw new ProtocolException(
                    "truncated batch: length " + length + " but " + (remaining - LOG_OVERHEAD) + " bytes left");
        }
        int size = length + LOG_OVERHEAD;
        byte magic = buf.get(start + MAGIC);
        if (magic != MAGIC_V2) {
            throw new ProtocolException("unsupported record batch magic " + magic + "; only v2 is supported");
        }
        int storedCrc = buf.getInt(start + CRC);
        int actualCrc = (int) RecordBatches.crc(buf, start, size, crc);
        if (storedCrc != actualCrc) {
            throw new ProtocolException("batch CRC mismatch: stored " + Integer.toHexString(storedCrc) + ", computed "
                    + Integer.toHexString(actualCrc));
        }
        DecodedBatch batch = decode(start, size);
        buf.position(start + size);
        return batch;
    }

    private DecodedBatch decode(int start, int size) {
        short attributes = buf.getShort(start + ATTRIBUTES);
        long baseOffset = buf.getLong(start + BASE_OFFSET);
        long baseTimestamp = buf.getLong(start + BASE_TIMESTAMP);
        int count = buf.getInt(start + RECORD_COUNT);
        CompressionType codec = CompressionType.forId(attributes & COMPRESSION_MASK);
        if (codec == null) {
            throw new ProtocolException("unknown compression codec " + (attributes & COMPRESSION_MASK));
        }
        ByteBuffer records = recordsSection(start, size, codec);
        List<DecodedRecord> decoded = decodeRecords(records, count, baseOffset, baseTimestamp);
        return new DecodedBatch(
                baseOffset,
                buf.getInt(start + PARTITION_LEADER_EPOCH),
                buf.getInt(start + CRC),
                attributes,
                buf.getInt(start + LAST_OFFSET_DELTA),
                baseTimestamp,
                buf.getLong(start + MAX_TIMESTAMP),
                buf.getLong(start + PRODUCER_ID),
                buf.getShort(start + PRODUCER_EPOCH),
                buf.getInt(start + BASE_SEQUENCE),
                size,
                decoded);
    }

    /** The records section, decompressed if needed. */
    private ByteBuffer recordsSection(int start, int size, CompressionType codec) {
        int from = start + RECORDS;
        int length = size - RECORDS;
        if (codec == CompressionType.NONE) {
            ByteBuffer view = buf.duplicate();
            view.limit(start + size).position(from);
            return view.slice();
        }
        byte[] compressed;
        int offset;
        if (buf.hasArray()) {
            compressed = buf.array();
            offset = buf.arrayOffset() + from;
        } else {
            compressed = new byte[length];
            buf.get(from, compressed);
            offset = 0;
        }
        BoundedOutput out = new BoundedOutput((int) Math.min((long) length * 4, maxRecordsBytes), maxRecordsBytes);
        Codec implementation;
        try {
            implementation = Codecs.forType(codec);
        } catch (IllegalStateException e) {
            throw new ProtocolException("cannot decompress " + codec.configName() + " batch: " + e.getMessage(), e);
        }
        implementation.decompress(compressed, offset, length, out);
        return ByteBuffer.wrap(out.array(), 0, out.size());
    }

    private static List<DecodedRecord> decodeRecords(
            ByteBuffer section, int count, long baseOffset, long baseTimestamp) {
        if (count < 0 || count > section.remaining() / MIN_RECORD_SIZE) {
            throw new ProtocolException(
                    "record count " + count + " does not fit a records section of " + section.remaining() + " bytes");
        }
        ByteReader in = new ByteReader(section);
        List<DecodedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.readVarint();
            records.add(decodeRecord(in.readSlice(length, "record"), baseOffset, baseTimestamp));
        }
        if (in.hasRemaining()) {
            throw new ProtocolException(in.remaining() + " bytes after the last of " + count + " records");
        }
        return Collections.unmodifiableList(records);
    }

    private static DecodedRecord decodeRecord(ByteBuffer body, long baseOffset, long baseTimestamp) {
        ByteReader in = new ByteReader(body);
        in.readByte(); // attributes: unused
        long timestampDelta = in.readVarlong();
        int offsetDelta = in.readVarint();
        byte[] key = readNullableBytes(in, "record key");
        byte[] value = readNullableBytes(in, "record value");
        int headerCount = in.readVarint();
        if (headerCount < 0 || headerCount > in.remaining()) {
            throw new ProtocolException("header count " + headerCount + " exceeds the record");
        }
        List<Header> headers = new ArrayList<>(headerCount);
        for (int i = 0; i < headerCount; i++) {
            int keyLength = in.readVarint();
            if (keyLength < 0) {
                throw new ProtocolException("header key length " + keyLength);
            }
            String headerKey = new String(in.readRaw(keyLength, "header key"), StandardCharsets.UTF_8);
            headers.add(new RecordHeader(headerKey, readNullableBytes(in, "header value")));
        }
        if (in.hasRemaining()) {
            throw new ProtocolException(in.remaining() + " unread bytes at the end of a record");
        }
        return new DecodedRecord(
                baseOffset + offsetDelta,
                baseTimestamp + timestampDelta,
                key,
                value,
                Collections.unmodifiableList(headers));
    }

    private static byte[] readNullableBytes(ByteReader in, String field) {
        int length = in.readVarint();
        if (length == -1) {
            return null;
        }
        return in.readRaw(length, field); // a negative length other than -1 is refused there
    }
}
