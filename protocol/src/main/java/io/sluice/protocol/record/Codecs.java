package io.sluice.protocol.record;

/**
 * Finds the {@link Codec} of a compression type. The snappy, lz4 and zstd codecs live in classes of their
 * own that are loaded only here, on first use; when their library is missing (or its native part does not
 * load) the link error is turned into an {@link IllegalStateException} naming the Maven artifact to add.
 */
final class Codecs {
    static final String SNAPPY_ARTIFACT = "org.xerial.snappy:snappy-java";
    static final String LZ4_ARTIFACT = "at.yawk.lz4:lz4-java";
    static final String ZSTD_ARTIFACT = "com.github.luben:zstd-jni";

    private Codecs() {}

    /**
     * The codec of {@code type}, or {@code null} for {@link CompressionType#NONE}.
     *
     * @throws IllegalStateException if the codec's optional library is not available
     */
    static Codec forType(CompressionType type) {
        return switch (type) {
            case NONE -> null;
            case GZIP -> GzipCodec.INSTANCE;
            case SNAPPY -> snappy();
            case LZ4 -> lz4();
            case ZSTD -> zstd();
        };
    }

    private static Codec snappy() {
        try {
            return SnappyCodec.INSTANCE;
        } catch (LinkageError e) {
            throw missing(CompressionType.SNAPPY, SNAPPY_ARTIFACT, e);
        }
    }

    private static Codec lz4() {
        try {
            return Lz4Codec.INSTANCE;
        } catch (LinkageError e) {
            throw missing(CompressionType.LZ4, LZ4_ARTIFACT, e);
        }
    }

    private static Codec zstd() {
        try {
            return ZstdCodec.INSTANCE;
        } catch (LinkageError e) {
            throw missing(CompressionType.ZSTD, ZSTD_ARTIFACT, e);
        }
    }

    private static IllegalStateException missing(CompressionType type, String artifact, LinkageError cause) {
        return new IllegalStateException(
                "compression.type=" + type.configName() + " needs the Maven artifact " + artifact
                        + " on the classpath, and it is missing or failed to load (" + cause + ")",
                cause);
    }
}
