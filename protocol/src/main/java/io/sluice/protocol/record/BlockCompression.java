package io.sluice.protocol.record;

import java.util.Arrays;

/**
 * The record batch codecs applied to one standalone block of bytes, in the same stream formats a batch's
 * records section uses (gzip member, xerial snappy framing, LZ4 frame, Zstandard frame). KIP-714's client
 * telemetry payloads are compressed this way.
 */
public final class BlockCompression {
    private BlockCompression() {}

    /**
     * {@code src[offset, offset + length)} compressed with {@code compression}, or {@code null} when the
     * codec would not make it smaller (the caller then sends it as it is).
     *
     * @throws IllegalStateException if the codec's optional library is missing, naming its Maven artifact
     */
    public static byte[] compress(Compression compression, byte[] src, int offset, int length) {
        Codec codec = Codecs.forType(compression.type());
        if (codec == null) {
            return null;
        }
        byte[] dst = new byte[codec.maxCompressedLength(length)];
        int n = codec.compress(src, offset, length, compression.level(), dst, length);
        return n < 0 ? null : Arrays.copyOf(dst, n);
    }

    /**
     * The decompressed form of {@code src}, at most {@code maxBytes} long.
     *
     * @throws io.sluice.protocol.types.ProtocolException if the data is corrupt or decompresses past the cap
     * @throws IllegalStateException if the codec's optional library is missing
     */
    public static byte[] decompress(CompressionType type, byte[] src, int maxBytes) {
        Codec codec = Codecs.forType(type);
        if (codec == null) {
            return src.clone();
        }
        BoundedOutput out = new BoundedOutput(src.length * 4, maxBytes);
        codec.decompress(src, 0, src.length, out);
        return Arrays.copyOf(out.array(), out.size());
    }
}
