package io.sluice.protocol.record;

import io.sluice.protocol.types.ProtocolException;
import java.util.Arrays;

/**
 * A growable byte array for decompressed records, capped at a maximum size. It grows with what a codec
 * actually produces, never with a size the compressed data claims, so a corrupt or hostile batch fails
 * with a {@link ProtocolException} instead of an enormous allocation.
 */
final class BoundedOutput {
    private final int max;
    private byte[] buf;
    private int size;

    BoundedOutput(int initialCapacity, int max) {
        this.max = max;
        this.buf = new byte[Math.max(64, Math.min(initialCapacity, max))];
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return size;
    }

    /** Room left before the cap. */
    int headroom() {
        return max - size;
    }

    /** Free bytes in the current array, growing it first when it is full; 0 only at the cap. */
    int writableAfterGrowing() {
        if (size == buf.length && size < max) {
            grow(1);
        }
        return buf.length - size;
    }

    ProtocolException overCap() {
        return new ProtocolException("decompressed records exceed the " + max + "-byte limit");
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        if (n > buf.length - size) {
            grow(n);
        }
    }

    private void grow(int n) {
        if ((long) size + n > max) {
            throw overCap();
        }
        long doubled = Math.max((long) size + n, (long) buf.length * 2);
        buf = Arrays.copyOf(buf, (int) Math.min(doubled, max));
    }

    void advance(int n) {
        size += n;
    }

    void write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }
}
