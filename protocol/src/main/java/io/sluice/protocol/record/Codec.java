package io.sluice.protocol.record;

/**
 * One compression codec over a batch's records section. Implementations that need an optional library
 * touch it only in their own class, so it is loaded only when that codec is used; see {@link Codecs}.
 */
abstract class Codec {
    /** Capacity the output array of {@link #compress} must have for {@code length} input bytes. */
    abstract int maxCompressedLength(int length);

    /**
     * Compresses {@code src[offset, offset + length)} into {@code dst} from index 0.
     *
     * @param dst at least {@link #maxCompressedLength(int)} bytes
     * @param limit the caller has no use for output of this many bytes or more
     * @return the compressed length, or -1 when the output would reach {@code limit} bytes
     */
    abstract int compress(byte[] src, int offset, int length, int level, byte[] dst, int limit);

    /**
     * Appends the decompressed form of {@code src[offset, offset + length)} to {@code out}.
     *
     * @throws io.sluice.protocol.types.ProtocolException if the data is corrupt or exceeds the output's cap
     */
    abstract void decompress(byte[] src, int offset, int length, BoundedOutput out);
}
