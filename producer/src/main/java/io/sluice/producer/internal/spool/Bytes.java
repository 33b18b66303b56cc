package io.sluice.producer.internal.spool;

/**
 * Writes the journal's primitives into an array at a position and returns the position after them, so an entry is
 * encoded in one pass into the shared write buffer with no intermediate object. Integers are big-endian; lengths
 * and counts are unsigned varints; deltas are zigzag varlongs; strings are UTF-8 with a varint length.
 */
final class Bytes {
    private Bytes() {}

    static int putByte(byte[] buf, int pos, int v) {
        buf[pos] = (byte) v;
        return pos + 1;
    }

    static int putShort(byte[] buf, int pos, int v) {
        buf[pos] = (byte) (v >>> 8);
        buf[pos + 1] = (byte) v;
        return pos + 2;
    }

    static int putInt(byte[] buf, int pos, int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        return pos + 4;
    }

    static int putLong(byte[] buf, int pos, long v) {
        putInt(buf, pos, (int) (v >>> 32));
        return putInt(buf, pos + 4, (int) v);
    }

    static int putUnsignedVarint(byte[] buf, int pos, int v) {
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
        return pos;
    }

    static int sizeOfUnsignedVarint(int v) {
        int bits = 32 - Integer.numberOfLeadingZeros(v);
        return Math.max(1, (bits + 6) / 7);
    }

    static int putZigzagVarlong(byte[] buf, int pos, long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[pos++] = (byte) z;
        return pos;
    }

    static int sizeOfZigzagVarlong(long v) {
        long z = (v << 1) ^ (v >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(z);
        return Math.max(1, (bits + 6) / 7);
    }

    /** Bytes of {@code s} as UTF-8, counted without encoding it. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Size of a string written by {@link #putString}. */
    static int sizeOfString(String s) {
        int n = utf8Length(s);
        return sizeOfUnsignedVarint(n) + n;
    }

    /** Writes a varint length and the UTF-8 bytes; a lone surrogate becomes U+FFFD. */
    static int putString(byte[] buf, int pos, String s) {
        pos = putUnsignedVarint(buf, pos, utf8Length(s));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Three bytes were counted for it: write U+FFFD, the replacement character.
                buf[pos++] = (byte) 0xEF;
                buf[pos++] = (byte) 0xBF;
                buf[pos++] = (byte) 0xBD;
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return pos;
    }

    /** Size of a possibly null array written by {@link #putNullableBytes}. */
    static int sizeOfNullableBytes(byte[] b) {
        return b == null ? 1 : sizeOfUnsignedVarint(b.length + 1) + b.length;
    }

    /** Writes {@code length + 1} as a varint (0 for null), then the bytes. */
    static int putNullableBytes(byte[] buf, int pos, byte[] b) {
        if (b == null) {
            return putUnsignedVarint(buf, pos, 0);
        }
        pos = putUnsignedVarint(buf, pos, b.length + 1);
        System.arraycopy(b, 0, buf, pos, b.length);
        return pos + b.length;
    }

    static int getInt(byte[] buf, int pos) {
        return ((buf[pos] & 0xFF) << 24)
                | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
    }
}
