package io.sluice.producer.internal.spool;

import io.sluice.protocol.record.Header;
import java.util.zip.CRC32C;

/**
 * Sizes and writes journal entries; the layouts are drawn in the package documentation. Every size is exact, so an
 * entry is reserved in the write buffer once and written in one pass.
 */
final class Entries {
    /** Length and CRC in front of every entry. */
    static final int FRAME = 8;
    /** Largest {@code length} field the journal accepts; anything larger is a torn or corrupt frame. */
    static final int MAX_LENGTH = Integer.MAX_VALUE - FRAME;

    private Entries() {}

    /** Bytes of a whole entry (frame, type, body) with a body of {@code bodySize}. */
    static int entrySize(int bodySize) {
        return FRAME + 1 + bodySize;
    }

    static int recordBodySize(String topic, byte[] key, byte[] value, Header[] headers) {
        int n = 8
                + 4
                + 8
                + Bytes.sizeOfString(topic)
                + Bytes.sizeOfNullableBytes(key)
                + Bytes.sizeOfNullableBytes(value);
        int count = headers == null ? 0 : headers.length;
        n += Bytes.sizeOfUnsignedVarint(count);
        for (int i = 0; i < count; i++) {
            n += Bytes.sizeOfString(headers[i].key()) + Bytes.sizeOfNullableBytes(headers[i].value());
        }
        return n;
    }

    /** Writes a RECORD body at {@code pos}; returns the position after it. */
    static int putRecord(
            byte[] buf,
            int pos,
            long sequence,
            String topic,
            int partition,
            long timestamp,
            byte[] key,
            byte[] value,
            Header[] headers) {
        pos = Bytes.putLong(buf, pos, sequence);
        pos = Bytes.putInt(buf, pos, partition);
        pos = Bytes.putLong(buf, pos, timestamp);
        pos = Bytes.putString(buf, pos, topic);
        pos = Bytes.putNullableBytes(buf, pos, key);
        pos = Bytes.putNullableBytes(buf, pos, value);
        int count = headers == null ? 0 : headers.length;
        pos = Bytes.putUnsignedVarint(buf, pos, count);
        for (int i = 0; i < count; i++) {
            pos = Bytes.putString(buf, pos, headers[i].key());
            pos = Bytes.putNullableBytes(buf, pos, headers[i].value());
        }
        return pos;
    }

    static int placedBodySize() {
        return 8 + 4;
    }

    static int putPlaced(byte[] buf, int pos, long sequence, int partition) {
        pos = Bytes.putLong(buf, pos, sequence);
        return Bytes.putInt(buf, pos, partition);
    }

    static int stampedBodySize(String topic, long[] sequences, int count) {
        return 8 + 2 + 4 + 4 + Bytes.sizeOfString(topic) + sequencesSize(sequences, count);
    }

    static int putStamped(
            byte[] buf,
            int pos,
            long producerId,
            short epoch,
            String topic,
            int partition,
            int baseSequence,
            long[] sequences,
            int count) {
        pos = Bytes.putLong(buf, pos, producerId);
        pos = Bytes.putShort(buf, pos, epoch);
        pos = Bytes.putInt(buf, pos, partition);
        pos = Bytes.putInt(buf, pos, baseSequence);
        pos = Bytes.putString(buf, pos, topic);
        return putSequences(buf, pos, sequences, count);
    }

    /** Size of the first {@code count} sequences as a delta list. */
    static int sequencesSize(long[] sequences, int count) {
        int n = Bytes.sizeOfUnsignedVarint(count);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            n += Bytes.sizeOfZigzagVarlong(sequences[i] - previous);
            previous = sequences[i];
        }
        return n;
    }

    /** Writes a count, then each sequence as the zigzag difference from the one before (from 0 for the first). */
    static int putSequences(byte[] buf, int pos, long[] sequences, int count) {
        pos = Bytes.putUnsignedVarint(buf, pos, count);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            pos = Bytes.putZigzagVarlong(buf, pos, sequences[i] - previous);
            previous = sequences[i];
        }
        return pos;
    }

    /** Writes the frame's length and the type in front of a body of {@code bodySize} at {@code entryStart}. */
    static void putFrame(byte[] buf, int entryStart, byte type, int bodySize) {
        Bytes.putInt(buf, entryStart, 1 + bodySize);
        buf[entryStart + FRAME] = type;
    }

    /** Computes and writes the CRC-32C of the type and body of the entry at {@code entryStart}. */
    static void seal(CRC32C crc, byte[] buf, int entryStart, int entrySize) {
        crc.reset();
        crc.update(buf, entryStart + FRAME, entrySize - FRAME);
        Bytes.putInt(buf, entryStart + 4, (int) crc.getValue());
    }
}
