package io.sluice.producer.internal.spool;

import io.sluice.producer.RecordHeader;
import io.sluice.protocol.record.Header;
import java.nio.charset.StandardCharsets;

/**
 * Reads one entry's body, checking every length against the bytes left, so a body that passed its CRC but is
 * malformed (a bug, never a torn write) fails with {@link MalformedEntryException} instead of a wild allocation.
 */
final class EntryReader {
    private static final Header[] NO_HEADERS = new Header[0];

    private final byte[] buf;
    private int pos;
    private final int limit;

    EntryReader(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
    }

    /** Thrown for a body whose fields do not fit its length. */
    static final class MalformedEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedEntryException(String message) {
            super(message);
        }
    }

    private void need(int n) {
        if (n < 0 || limit - pos < n) {
            throw new MalformedEntryException("a field of " + n + " bytes at " + pos + " runs past the entry's end");
        }
    }

    boolean atEnd() {
        return pos == limit;
    }

    byte getByte() {
        need(1);
        return buf[pos++];
    }

    short getShort() {
        need(2);
        short v = (short) (((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF));
        pos += 2;
        return v;
    }

    int getInt() {
        need(4);
        int v = Bytes.getInt(buf, pos);
        pos += 4;
        return v;
    }

    long getLong() {
        long high = getInt() & 0xFFFFFFFFL;
        return (high << 32) | (getInt() & 0xFFFFFFFFL);
    }

    int getUnsignedVarint() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = getByte();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (v < 0) {
                    throw new MalformedEntryException("a varint above Integer.MAX_VALUE at " + (pos - 1));
                }
                return v;
            }
        }
        throw new MalformedEntryException("a varint longer than 5 bytes at " + pos);
    }

    long getZigzagVarlong() {
        long z = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = getByte();
            z |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new MalformedEntryException("a varlong longer than 10 bytes at " + pos);
    }

    String getString() {
        int n = getUnsignedVarint();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    byte[] getNullableBytes() {
        int n = getUnsignedVarint();
        if (n == 0) {
            return null;
        }
        need(n - 1);
        byte[] b = new byte[n - 1];
        System.arraycopy(buf, pos, b, 0, n - 1);
        pos += n - 1;
        return b;
    }

    Header[] getHeaders() {
        int count = getUnsignedVarint();
        if (count == 0) {
            return NO_HEADERS;
        }
        need(count * 2); // each header takes at least two bytes: a count is never believed before that
        Header[] headers = new Header[count];
        for (int i = 0; i < count; i++) {
            headers[i] = new RecordHeader(getString(), getNullableBytes());
        }
        return headers;
    }

    /** Reads a sequence list written by {@link Entries#putSequences}. */
    long[] getSequences() {
        int count = getUnsignedVarint();
        need(count); // at least one byte per sequence
        long[] gs = new long[count];
        long previous = 0;
        for (int i = 0; i < count; i++) {
            previous += getZigzagVarlong();
            gs[i] = previous;
        }
        return gs;
    }
}
