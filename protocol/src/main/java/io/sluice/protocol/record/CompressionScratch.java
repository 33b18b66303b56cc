package io.sluice.protocol.record;

import java.util.zip.CRC32C;

/**
 * Per-thread scratch for sealing batches: the array a records section is compressed into before it is
 * copied back over the uncompressed records, and a CRC-32C. Kept per thread so sealing allocates nothing
 * once the array has grown to the batches a thread seals; arrays larger than {@link #MAX_RETAINED} (for
 * a rare oversized record) are used once and dropped rather than pinned to the thread.
 *
 * <p>Meant for the few platform threads that seal batches; a virtual thread would get its own scratch.
 */
final class CompressionScratch {
    static final int MAX_RETAINED = 4 * 1024 * 1024;

    private static final ThreadLocal<CompressionScratch> SCRATCH = ThreadLocal.withInitial(CompressionScratch::new);

    final CRC32C crc = new CRC32C();
    private byte[] buffer = new byte[0];

    static CompressionScratch get() {
        return SCRATCH.get();
    }

    /** An array of at least {@code capacity} bytes; its contents are undefined. */
    byte[] buffer(int capacity) {
        if (buffer.length >= capacity) {
            return buffer;
        }
        byte[] fresh = new byte[capacity];
        if (capacity <= MAX_RETAINED) {
            buffer = fresh;
        }
        return fresh;
    }
}
