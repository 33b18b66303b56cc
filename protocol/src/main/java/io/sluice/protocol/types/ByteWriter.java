package io.sluice.protocol.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable, reusable byte buffer that request and batch encoders write into in one pass.
 *
 * <p>All multi-byte integers are big-endian, as on the Kafka wire. Callers that must write a length or a
 * checksum before they know it reserve the bytes with {@link #skip(int)}, write the body, then back-patch
 * with {@link #putInt(int, int)} and friends. {@link #reset()} keeps the backing array, so a writer reused
 * across requests stops allocating once it has grown to the largest request it has seen.
 *
 * <p>Not thread-safe.
 */
public final class ByteWriter {
    /**
     * Takes over a large byte range instead of having it copied: see {@link #spliceBuffersOfAtLeast}.
     */
    @FunctionalInterface
    public interface Splicer {
        /**
         * The remaining bytes of {@code src} belong at offset {@code at} of this writer, before the byte written
         * there next. The splicer must not move {@code src}'s position (take a duplicate) and must keep the bytes
         * until they are on their way.
         */
        void splice(int at, ByteBuffer src);
    }

    private byte[] buf;
    private int pos;
    private Splicer splicer;
    private int spliceThreshold = Integer.MAX_VALUE;

    /** A writer whose backing array starts at {@code initialCapacity} bytes (at least 16). */
    public ByteWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * From now on, {@link #writeBytes(ByteBuffer)} hands buffers of at least {@code threshold} bytes to {@code
     * splicer} instead of copying them; {@link #position()} then counts only the bytes copied into this writer.
     * A connection uses this to send record batches straight from their own buffers (a gathering write).
     */
    public void spliceBuffersOfAtLeast(int threshold, Splicer splicer) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
        }
        this.spliceThreshold = threshold;
        this.splicer = splicer;
    }

    /** Number of bytes written so far; also the offset the next byte goes to. */
    public int position() {
        return pos;
    }

    /** Forgets everything written, keeping the backing array for reuse. */
    public void reset() {
        pos = 0;
    }

    /** Rewinds (or advances over already reserved bytes) to {@code position}. */
    public void position(int position) {
        if (position < 0 || position > buf.length) {
            throw new IllegalArgumentException("position " + position + " outside 0.." + buf.length);
        }
        pos = position;
    }

    /** The backing array; bytes {@code [0, position())} are valid. Valid until the next write. */
    public byte[] array() {
        return buf;
    }

    /** Size of the backing array. */
    public int capacity() {
        return buf.length;
    }

    /** A view of bytes {@code [0, position())}; shares the backing array. */
    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /** A fresh copy of bytes {@code [0, position())}. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Makes room for {@code n} more bytes, growing the backing array by at least half when it must. */
    public void ensureRemaining(int n) {
        int needed = pos + n;
        if (needed > buf.length) {
            if (needed < 0) {
                throw new IllegalStateException("buffer would exceed 2 GiB");
            }
            int grown = Math.max(needed, buf.length + (buf.length >> 1));
            buf = Arrays.copyOf(buf, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
        }
    }

    /** Reserves {@code n} bytes to be back-patched later; returns the offset of the first one. */
    public int skip(int n) {
        ensureRemaining(n);
        int at = pos;
        pos += n;
        return at;
    }

    /** INT8: the low 8 bits of {@code v}. */
    public void writeByte(int v) {
        ensureRemaining(1);
        buf[pos++] = (byte) v;
    }

    /** BOOLEAN: 1 or 0. */
    public void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    /** INT16: the low 16 bits of {@code v}, big-endian. */
    public void writeShort(int v) {
        ensureRemaining(2);
        putShort(pos, v);
        pos += 2;
    }

    /** INT32, big-endian. */
    public void writeInt(int v) {
        ensureRemaining(4);
        putInt(pos, v);
        pos += 4;
    }

    /** INT64, big-endian. */
    public void writeLong(long v) {
        ensureRemaining(8);
        putLong(pos, v);
        pos += 8;
    }

    /** FLOAT64, IEEE 754 big-endian. */
    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /** UUID: 16 bytes, most significant half first. */
    public void writeUuid(Uuid uuid) {
        writeLong(uuid.mostSignificantBits());
        writeLong(uuid.leastSignificantBits());
    }

    /** Back-patches an INT16 at offset {@code at} without moving the position. */
    public void putShort(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    /** Back-patches an INT32 at offset {@code at} without moving the position. */
    public void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Back-patches an INT64 at offset {@code at} without moving the position. */
    public void putLong(int at, long v) {
        putInt(at, (int) (v >>> 32));
        putInt(at + 4, (int) v);
    }

    /** Back-patches an INT8 at offset {@code at} without moving the position. */
    public void putByte(int at, int v) {
        buf[at] = (byte) v;
    }

    /** Unsigned LEB128 of an int taken as unsigned: 1 to 5 bytes. */
    public void writeUnsignedVarint(int v) {
        ensureRemaining(5);
        while ((v & 0xFFFFFF80) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Zig-zag encoded signed varint: 1 to 5 bytes. */
    public void writeVarint(int v) {
        writeUnsignedVarint((v << 1) ^ (v >> 31));
    }

    /** Zig-zag encoded signed varlong: 1 to 10 bytes. */
    public void writeVarlong(long v) {
        ensureRemaining(10);
        long z = (v << 1) ^ (v >> 63);
        while ((z & 0xFFFFFFFFFFFFFF80L) != 0) {
            buf[pos++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[pos++] = (byte) z;
    }

    /** Raw bytes, no length. */
    public void writeBytes(byte[] src) {
        writeBytes(src, 0, src.length);
    }

    /** Raw bytes {@code [offset, offset + length)} of {@code src}, no length. */
    public void writeBytes(byte[] src, int offset, int length) {
        ensureRemaining(length);
        System.arraycopy(src, offset, buf, pos, length);
        pos += length;
    }

    /**
     * Copies the remaining bytes of {@code src} without moving its position, or hands them to the splicer when
     * there is one and they are at least its threshold.
     */
    public void writeBytes(ByteBuffer src) {
        int n = src.remaining();
        if (n >= spliceThreshold) {
            splicer.splice(pos, src);
            return;
        }
        ensureRemaining(n);
        src.duplicate().get(buf, pos, n);
        pos += n;
    }

    /** STRING: int16 length then UTF-8 bytes. */
    public void writeString(String s) {
        if (s == null) {
            throw new IllegalArgumentException("non-nullable STRING is null");
        }
        writeNullableString(s);
    }

    /** NULLABLE_STRING: int16 length (-1 for null) then UTF-8 bytes. */
    public void writeNullableString(String s) {
        if (s == null) {
            writeShort(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + b.length + " bytes exceeds 32767");
        }
        writeShort(b.length);
        writeBytes(b);
    }

    /** COMPACT_STRING: unsigned varint length+1 then UTF-8 bytes. */
    public void writeCompactString(String s) {
        if (s == null) {
            throw new IllegalArgumentException("non-nullable COMPACT_STRING is null");
        }
        writeCompactNullableString(s);
    }

    /** COMPACT_NULLABLE_STRING: unsigned varint length+1 (0 for null) then UTF-8 bytes. */
    public void writeCompactNullableString(String s) {
        if (s == null) {
            writeUnsignedVarint(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeUnsignedVarint(b.length + 1);
        writeBytes(b);
    }

    /** BYTES / NULLABLE_BYTES: int32 length (-1 for null) then the bytes. */
    public void writeNullableBytes(byte[] b) {
        if (b == null) {
            writeInt(-1);
            return;
        }
        writeInt(b.length);
        writeBytes(b);
    }

    /** COMPACT_BYTES / COMPACT_NULLABLE_BYTES: unsigned varint length+1 (0 for null) then the bytes. */
    public void writeCompactNullableBytes(byte[] b) {
        if (b == null) {
            writeUnsignedVarint(0);
            return;
        }
        writeUnsignedVarint(b.length + 1);
        writeBytes(b);
    }

    /** ARRAY length: int32 count, -1 for null. */
    public void writeArrayLength(int count) {
        writeInt(count);
    }

    /** COMPACT_ARRAY length: unsigned varint count+1, 0 for null. */
    public void writeCompactArrayLength(int count) {
        writeUnsignedVarint(count < 0 ? 0 : count + 1);
    }

    /** An empty tagged-field section: the count 0. */
    public void writeEmptyTaggedFields() {
        writeUnsignedVarint(0);
    }

    /** STRING or COMPACT_STRING, chosen by whether the message version is flexible. */
    public void writeString(String s, boolean compact) {
        if (compact) {
            writeCompactString(s);
        } else {
            writeString(s);
        }
    }

    /** NULLABLE_STRING or COMPACT_NULLABLE_STRING, chosen by whether the message version is flexible. */
    public void writeNullableString(String s, boolean compact) {
        if (compact) {
            writeCompactNullableString(s);
        } else {
            writeNullableString(s);
        }
    }

    /** (NULLABLE_)BYTES or COMPACT_(NULLABLE_)BYTES, chosen by whether the message version is flexible. */
    public void writeNullableBytes(byte[] b, boolean compact) {
        if (compact) {
            writeCompactNullableBytes(b);
        } else {
            writeNullableBytes(b);
        }
    }

    /**
     * (NULLABLE_)BYTES or their compact form holding the remaining bytes of {@code b} (null writes the null
     * marker). The bytes are copied once, straight into this writer (or spliced, see {@link
     * #spliceBuffersOfAtLeast}); {@code b}'s position does not move.
     */
    public void writeNullableBytes(ByteBuffer b, boolean compact) {
        if (b == null) {
            if (compact) {
                writeUnsignedVarint(0);
            } else {
                writeInt(-1);
            }
            return;
        }
        if (compact) {
            writeUnsignedVarint(b.remaining() + 1);
        } else {
            writeInt(b.remaining());
        }
        writeBytes(b);
    }

    /** ARRAY or COMPACT_ARRAY length; a negative count writes the null marker. */
    public void writeArrayLength(int count, boolean compact) {
        if (compact) {
            writeCompactArrayLength(count);
        } else {
            writeArrayLength(count < 0 ? -1 : count);
        }
    }

    /** Ends a structure: an empty tagged-field section when the version is flexible, nothing otherwise. */
    public void writeTaggedFieldsEnd(boolean flexible) {
        if (flexible) {
            writeUnsignedVarint(0);
        }
    }

    /** Size in bytes of {@code v} as an unsigned varint. */
    public static int sizeOfUnsignedVarint(int v) {
        // One byte per started group of 7 bits; 0 still takes one byte.
        int bits = 32 - Integer.numberOfLeadingZeros(v);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    /** Size in bytes of {@code v} as a zig-zag varint. */
    public static int sizeOfVarint(int v) {
        return sizeOfUnsignedVarint((v << 1) ^ (v >> 31));
    }

    /** Size in bytes of {@code v} as a zig-zag varlong. */
    public static int sizeOfVarlong(long v) {
        long z = (v << 1) ^ (v >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(z);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }
}
