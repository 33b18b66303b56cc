package io.sluice.protocol.record;

/**
 * Sizes and writes one record of a v2 batch straight into a byte array, with no intermediate objects:
 *
 * <pre>
 *   length          varint    size of everything below
 *   attributes      int8      unused, 0
 *   timestampDelta  varlong   timestamp - batch base timestamp
 *   offsetDelta     varint    index of the record in its batch
 *   keyLength       varint    -1 for a null key
 *   key             bytes
 *   valueLength     varint    -1 for a null value
 *   value           bytes
 *   headerCount     varint
 *   headers         per header: keyLength varint, key UTF-8, valueLength varint (-1 = null), value
 * </pre>
 *
 * Varints are zig-zag encoded. Sizes are computed in {@code long} so that absurd inputs are refused instead
 * of overflowing.
 */
final class RecordEncoding {
    private RecordEncoding() {}

    /** Size of a record's body: everything after its length prefix. */
    static long sizeOfBody(long timestampDelta, int offsetDelta, byte[] key, byte[] value, Header[] headers) {
        long size = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta);
        size += sizeOfBytesField(key) + sizeOfBytesField(value);
        int headerCount = headers == null ? 0 : headers.length;
        size += sizeOfVarint(headerCount);
        for (int i = 0; i < headerCount; i++) {
            Header h = headers[i];
            String headerKey = headerKey(h);
            int keyLength = Utf8.encodedLength(headerKey);
            size += sizeOfVarint(keyLength) + keyLength + sizeOfBytesField(h.value());
        }
        return size;
    }

    /** Size of a whole record, length prefix included. */
    static long sizeOf(long timestampDelta, int offsetDelta, byte[] key, byte[] value, Header[] headers) {
        long body = sizeOfBody(timestampDelta, offsetDelta, key, value, headers);
        return body > Integer.MAX_VALUE ? body + 5 : body + sizeOfVarint((int) body);
    }

    /**
     * Writes a record whose body size is already known at {@code pos}; returns the position after it. The
     * caller has checked that {@code sizeOfVarint(bodySize) + bodySize} bytes fit.
     */
    static int write(
            byte[] buf,
            int pos,
            int bodySize,
            long timestampDelta,
            int offsetDelta,
            byte[] key,
            byte[] value,
            Header[] headers) {
        pos = writeVarint(buf, pos, bodySize);
        buf[pos++] = 0; // attributes
        pos = writeVarlong(buf, pos, timestampDelta);
        pos = writeVarint(buf, pos, offsetDelta);
        pos = writeBytesField(buf, pos, key);
        pos = writeBytesField(buf, pos, value);
        int headerCount = headers == null ? 0 : headers.length;
        pos = writeVarint(buf, pos, headerCount);
        for (int i = 0; i < headerCount; i++) {
            Header h = headers[i];
            String headerKey = headerKey(h);
            pos = writeVarint(buf, pos, Utf8.encodedLength(headerKey));
            pos = Utf8.encode(headerKey, buf, pos);
            pos = writeBytesField(buf, pos, h.value());
        }
        return pos;
    }

    private static String headerKey(Header h) {
        if (h == null) {
            throw new IllegalArgumentException("null header");
        }
        String key = h.key();
        if (key == null) {
            throw new IllegalArgumentException("null header key");
        }
        return key;
    }

    private static long sizeOfBytesField(byte[] b) {
        return b == null ? 1 : sizeOfVarint(b.length) + (long) b.length;
    }

    private static int writeBytesField(byte[] buf, int pos, byte[] b) {
        if (b == null) {
            buf[pos] = 1; // zig-zag of -1
            return pos + 1;
        }
        pos = writeVarint(buf, pos, b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        return pos + b.length;
    }

    static int sizeOfVarint(int v) {
        int z = (v << 1) ^ (v >> 31);
        // One byte per started group of 7 bits; 0 takes one byte.
        return (38 - Integer.numberOfLeadingZeros(z | 1)) / 7;
    }

    static int sizeOfVarlong(long v) {
        long z = (v << 1) ^ (v >> 63);
        return (70 - Long.numberOfLeadingZeros(z | 1)) / 7;
    }

    static int writeVarint(byte[] buf, int pos, int v) {
        int z = (v << 1) ^ (v >> 31);
        while ((z & ~0x7F) != 0) {
            buf[pos++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[pos++] = (byte) z;
        return pos;
    }

    static int writeVarlong(byte[] buf, int pos, long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[pos++] = (byte) z;
        return pos;
    }
}
