package io.sluice.producer.internal.telemetry;

import io.sluice.protocol.record.BlockCompression;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.CompressionType;
import java.util.List;

/**
 * Chooses how to compress a push: the first of the broker's accepted compression types (it lists them in its
 * order of preference) whose codec this JVM has. Gzip is always there (JDK); snappy, lz4 and zstd only when
 * their optional jar is on the classpath. A payload the codec cannot shrink goes uncompressed.
 *
 * @param type the codec, {@link CompressionType#NONE} when the broker accepts none this JVM has
 */
record PayloadCompression(CompressionType type) {
    static final PayloadCompression NONE = new PayloadCompression(CompressionType.NONE);

    /** The preferred available codec among {@code accepted}, compression type ids as the broker sent them. */
    static PayloadCompression choose(List<Byte> accepted) {
        for (Byte id : accepted) {
            CompressionType type = CompressionType.forId(id);
            if (type != null && available(type)) {
                return new PayloadCompression(type);
            }
        }
        return NONE;
    }

    private static boolean available(CompressionType type) {
        try {
            Compression.of(type).checkAvailable();
            return true;
        } catch (IllegalStateException missing) {
            return false;
        }
    }

    /** The payload to send and the compression type id to name in the push. */
    record Encoded(byte compressionType, byte[] bytes) {}

    /** {@code payload}, compressed when that makes it smaller. */
    Encoded apply(byte[] payload) {
        byte[] compressed = type == CompressionType.NONE
                ? null
                : BlockCompression.compress(Compression.of(type), payload, 0, payload.length);
        return compressed == null
                ? new Encoded((byte) CompressionType.NONE.id(), payload)
                : new Encoded((byte) type.id(), compressed);
    }
}
