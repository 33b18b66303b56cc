package io.sluice.protocol.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Reads Kafka protocol primitives from one frame, never past its end.
 *
 * <p>Every length read from the wire is checked against what remains in the frame before anything is
 * allocated, so a corrupt or hostile length ends in a {@link ProtocolException} naming the field, not in
 * an {@code OutOfMemoryError} or a read of the next frame. Array counts are bounded the same way, since
 * every element takes at least one byte.
 *
 * <p>Not thread-safe. Reading does not change the position of the buffer it was made from.
 */
public final class ByteReader {
    private final ByteBuffer buf;

    /** Reads bytes {@code [position, limit)} of {@code frame}. */
    public ByteReader(ByteBuffer frame) {
        this.buf = frame.slice();
    }

    /** Reads all of {@code bytes}. */
    public static ByteReader of(byte[] bytes) {
        return new ByteReader(ByteBuffer.wrap(bytes));
    }

    /** An independent reader over the bytes not yet read; reading it does not move this one. */
    public ByteReader duplicate() {
        return new ByteReader(buf.duplicate());
    }

    /** Bytes left to read. */
    public int remaining() {
        return buf.remaining();
    }

    /** True while bytes are left to read. */
    public boolean hasRemaining() {
        return buf.hasRemaining();
    }

    /** Bytes read so far. */
    public int position() {
        return buf.position();
    }

    private void require(int n, String what) {
        if (n < 0 || n > buf.remaining()) {
            throw new ProtocolException(
                    "truncated frame: " + what + " needs " + n + " bytes but " + buf.remaining() + " remain");
        }
    }

    /** INT8. */
    public byte readByte() {
        require(1, "int8");
        return buf.get();
    }

    /** BOOLEAN: any non-zero byte is true. */
    public boolean readBoolean() {
        return readByte() != 0;
    }

    /** INT16, big-endian. */
    public short readShort() {
        require(2, "int16");
        return buf.getShort();
    }

    /** INT32, big-endian. */
    public int readInt() {
        require(4, "int32");
        return buf.getInt();
    }

    /** INT64, big-endian. */
    public long readLong() {
        require(8, "int64");
        return buf.getLong();
    }

    /** FLOAT64, IEEE 754 big-endian. */
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /** UUID: 16 bytes, most significant half first. */
    public Uuid readUuid() {
        require(16, "uuid");
        return new Uuid(buf.getLong(), buf.getLong());
    }

    /**
     * Unsigned LEB128 of at most 32 bits: 1 to 5 bytes. A fifth byte with bits above bit 31, or a sixth byte,
     * is a protocol error rather than a silently truncated value.
     */
    public int readUnsignedVarint() {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = readByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        int last = readByte();
        if ((last & 0xF0) != 0) {
            throw new ProtocolException("unsigned varint longer than 32 bits");
        }
        return value | (last << 28);
    }

    /** Zig-zag varint: 1 to 5 bytes. */
    public int readVarint() {
        int z = readUnsignedVarint();
        return (z >>> 1) ^ -(z & 1);
    }

    /** Zig-zag varlong: 1 to 10 bytes; a tenth byte carrying more than bit 63 is a protocol error. */
    public long readVarlong() {
        long z = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = readByte();
            z |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        int last = readByte();
        if ((last & 0xFE) != 0) {
            throw new ProtocolException("varlong longer than 64 bits");
        }
        z |= (long) last << 63;
        return (z >>> 1) ^ -(z & 1);
    }

    /** STRING: int16 length then UTF-8; null is a protocol error. */
    public String readString(String field) {
        String s = readNullableString(field);
        if (s == null) {
            throw new ProtocolException("non-nullable string " + field + " is null");
        }
        return s;
    }

    /** NULLABLE_STRING: int16 length (-1 for null) then UTF-8. */
    public String readNullableString(String field) {
        int len = readShort();
        if (len == -1) {
            return null;
        }
        return readUtf8(len, field);
    }

    /** COMPACT_STRING: null is a protocol error. */
    public String readCompactString(String field) {
        String s = readCompactNullableString(field);
        if (s == null) {
            throw new ProtocolException("non-nullable compact string " + field + " is null");
        }
        return s;
    }

    /** COMPACT_NULLABLE_STRING: unsigned varint length+1 (0 for null) then UTF-8. */
    public String readCompactNullableString(String field) {
        int lenPlusOne = readUnsignedVarint();
        if (lenPlusOne == 0) {
            return null;
        }
        return readUtf8(lenPlusOne - 1, field);
    }

    private String readUtf8(int len, String field) {
        if (len < 0) {
            throw new ProtocolException("negative length " + len + " for string " + field);
        }
        require(len, "string " + field);
        String s;
        if (buf.hasArray()) {
            s = new String(buf.array(), buf.arrayOffset() + buf.position(), len, StandardCharsets.UTF_8);
            buf.position(buf.position() + len);
        } else {
            byte[] b = new byte[len];
            buf.get(b);
            s = new String(b, StandardCharsets.UTF_8);
        }
        return s;
    }

    /** BYTES / NULLABLE_BYTES: int32 length (-1 for null) then the bytes, copied. */
    public byte[] readNullableBytes(String field) {
        int len = readInt();
        return len == -1 ? null : readRaw(len, field);
    }

    /** COMPACT_(NULLABLE_)BYTES: unsigned varint length+1 (0 for null) then the bytes, copied. */
    public byte[] readCompactNullableBytes(String field) {
        int lenPlusOne = readUnsignedVarint();
        return lenPlusOne == 0 ? null : readRaw(lenPlusOne - 1, field);
    }

    /** Exactly {@code len} bytes, copied. */
    public byte[] readRaw(int len, String field) {
        if (len < 0) {
            throw new ProtocolException("negative length " + len + " for bytes " + field);
        }
        require(len, "bytes " + field);
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }

    /** A view of the next {@code len} bytes, advancing past them; shares the frame's memory. */
    public ByteBuffer readSlice(int len, String field) {
        if (len < 0) {
            throw new ProtocolException("negative length " + len + " for " + field);
        }
        require(len, field);
        ByteBuffer slice = buf.slice();
        slice.limit(len);
        buf.position(buf.position() + len);
        return slice;
    }

    /** ARRAY count: int32, -1 for null; bounded by the bytes remaining. */
    public int readArrayLength(String field) {
        return checkCount(readInt(), field);
    }

    /** COMPACT_ARRAY count: unsigned varint count+1, 0 for null (returned as -1). */
    public int readCompactArrayLength(String field) {
        return checkCount(readUnsignedVarint() - 1, field);
    }

    private int checkCount(int count, String field) {
        if (count < -1) {
            throw new ProtocolException("negative count " + count + " for array " + field);
        }
        if (count > buf.remaining()) {
            throw new ProtocolException(
                    "array " + field + " claims " + count + " elements but only " + buf.remaining() + " bytes remain");
        }
        return count;
    }

    /** STRING or COMPACT_STRING, chosen by whether the message version is flexible. */
    public String readString(boolean compact, String field) {
        return compact ? readCompactString(field) : readString(field);
    }

    /** NULLABLE_STRING or COMPACT_NULLABLE_STRING, chosen by whether the message version is flexible. */
    public String readNullableString(boolean compact, String field) {
        return compact ? readCompactNullableString(field) : readNullableString(field);
    }

    /** (NULLABLE_)BYTES or COMPACT_(NULLABLE_)BYTES, copied; null for the null marker. */
    public byte[] readNullableBytes(boolean compact, String field) {
        return compact ? readCompactNullableBytes(field) : readNullableBytes(field);
    }

    /** ARRAY or COMPACT_ARRAY count, -1 for null; bounded by the bytes remaining. */
    public int readArrayLength(boolean compact, String field) {
        return compact ? readCompactArrayLength(field) : readArrayLength(field);
    }

    /**
     * Reads an array whose elements {@code element} decodes one at a time; null for a null array. The count
     * is checked against the bytes remaining before the list is sized, so a hostile count cannot make it
     * allocate more than the frame holds.
     */
    public <T> List<T> readArray(boolean compact, String field, Function<ByteReader, T> element) {
        int n = readArrayLength(compact, field);
        if (n < 0) {
            return null;
        }
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(this));
        }
        return Collections.unmodifiableList(list);
    }

    /** Like {@link #readArray} but treats a null array as an error. */
    public <T> List<T> readNonNullArray(boolean compact, String field, Function<ByteReader, T> element) {
        List<T> list = readArray(compact, field, element);
        if (list == null) {
            throw new ProtocolException("non-nullable array " + field + " is null");
        }
        return list;
    }

    /** A non-null array of int32, e.g. broker ids. */
    public List<Integer> readInt32Array(boolean compact, String field) {
        return readNonNullArray(compact, field, ByteReader::readInt);
    }

    /** A non-null array of (compact) strings. */
    public List<String> readStringArray(boolean compact, String field) {
        return readNonNullArray(compact, field, r -> r.readString(compact, field));
    }

    /**
     * A reader over the next {@code len} bytes, advancing past them: the body of one tagged field, so a
     * field decoder cannot read past its declared size.
     */
    public ByteReader readSubReader(int len, String field) {
        return new ByteReader(readSlice(len, field));
    }

    /** Decodes one known tagged field; returns false for a tag it does not know, which is then skipped. */
    @FunctionalInterface
    public interface TaggedFieldReader {
        /** Reads the field {@code tag} from {@code field}, which holds exactly its bytes. */
        boolean read(int tag, ByteReader field);
    }

    /**
     * Reads a tagged-field section, handing each field to {@code known} within a reader bounded by the
     * field's declared size; unknown tags are skipped.
     */
    public void readTaggedFields(TaggedFieldReader known) {
        int count = readUnsignedVarint();
        if (count < 0 || count > buf.remaining()) {
            throw new ProtocolException("tagged field count " + count + " exceeds frame");
        }
        for (int i = 0; i < count; i++) {
            int tag = readUnsignedVarint();
            int size = readUnsignedVarint();
            ByteReader field = readSubReader(size, "tagged field " + tag);
            known.read(tag, field);
        }
    }

    /** Skips the tagged-field section when the version is flexible; nothing otherwise. */
    public void skipTaggedFields(boolean flexible) {
        if (flexible) {
            skipTaggedFields();
        }
    }

    /** Skips a tagged-field section, bounding each field's size by the bytes remaining. */
    public void skipTaggedFields() {
        int count = readUnsignedVarint();
        if (count < 0 || count > buf.remaining()) {
            throw new ProtocolException("tagged field count " + count + " exceeds frame");
        }
        for (int i = 0; i < count; i++) {
            readUnsignedVarint(); // tag
            int size = readUnsignedVarint();
            skip(size, "tagged field");
        }
    }

    /** Skips exactly {@code n} bytes, failing if fewer remain. */
    public void skip(int n, String what) {
        require(n, what);
        buf.position(buf.position() + n);
    }
}
