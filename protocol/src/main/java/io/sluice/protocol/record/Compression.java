package io.sluice.protocol.record;

import java.util.Objects;

/**
 * A compression codec and its level, as set by Kafka's {@code compression.type} and
 * {@code compression.gzip.level}, {@code compression.lz4.level}, {@code compression.zstd.level}.
 *
 * <p>Levels, defaults and valid ranges are Kafka's:
 *
 * <pre>
 *   codec   default  valid
 *   gzip    -1       -1 (zlib's default, 6) or 1..9
 *   lz4      9       1..17   (9 uses the fast compressor, any other level LZ4HC at that level)
 *   zstd     3       -131072..22
 *   snappy, none: no level
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Compression {
    /** {@code compression.gzip.level} default: zlib's own default. */
    public static final int GZIP_DEFAULT_LEVEL = -1;

    /** Lowest explicit gzip level (best speed). */
    public static final int GZIP_MIN_LEVEL = 1;

    /** Highest gzip level (best compression). */
    public static final int GZIP_MAX_LEVEL = 9;

    /** {@code compression.lz4.level} default. */
    public static final int LZ4_DEFAULT_LEVEL = 9;

    /** Lowest lz4 level. */
    public static final int LZ4_MIN_LEVEL = 1;

    /** Highest lz4 level. */
    public static final int LZ4_MAX_LEVEL = 17;

    /** {@code compression.zstd.level} default. */
    public static final int ZSTD_DEFAULT_LEVEL = 3;

    /** Lowest zstd level (zstd's fastest negative level). */
    public static final int ZSTD_MIN_LEVEL = -131072;

    /** Highest zstd level. */
    public static final int ZSTD_MAX_LEVEL = 22;

    /** No compression. */
    public static final Compression NONE = new Compression(CompressionType.NONE, 0);

    private final CompressionType type;
    private final int level;

    private Compression(CompressionType type, int level) {
        this.type = type;
        this.level = level;
    }

    /** {@code type} at its default level. */
    public static Compression of(CompressionType type) {
        Objects.requireNonNull(type, "type");
        return switch (type) {
            case NONE -> NONE;
            case SNAPPY -> new Compression(type, 0);
            case GZIP -> new Compression(type, GZIP_DEFAULT_LEVEL);
            case LZ4 -> new Compression(type, LZ4_DEFAULT_LEVEL);
            case ZSTD -> new Compression(type, ZSTD_DEFAULT_LEVEL);
        };
    }

    /**
     * {@code type} at {@code level}.
     *
     * @throws IllegalArgumentException if the level is outside the codec's valid range, or the codec (none,
     *     snappy) has no levels
     */
    public static Compression of(CompressionType type, int level) {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case GZIP ->
                checkLevel(
                        level == GZIP_DEFAULT_LEVEL || (level >= GZIP_MIN_LEVEL && level <= GZIP_MAX_LEVEL),
                        "compression.gzip.level",
                        level,
                        "-1 or 1..9");
            case LZ4 ->
                checkLevel(level >= LZ4_MIN_LEVEL && level <= LZ4_MAX_LEVEL, "compression.lz4.level", level, "1..17");
            case ZSTD ->
                checkLevel(
                        level >= ZSTD_MIN_LEVEL && level <= ZSTD_MAX_LEVEL,
                        "compression.zstd.level",
                        level,
                        "-131072..22");
            case NONE, SNAPPY -> throw new IllegalArgumentException(type.configName() + " has no compression level");
        }
        return new Compression(type, level);
    }

    /**
     * The compression a producer config asks for: {@code compression.type} and the level setting of that
     * codec; the levels of other codecs are ignored, as Kafka does.
     */
    public static Compression fromConfig(String compressionType, int gzipLevel, int lz4Level, int zstdLevel) {
        CompressionType type = CompressionType.forName(compressionType);
        return switch (type) {
            case NONE, SNAPPY -> of(type);
            case GZIP -> of(type, gzipLevel);
            case LZ4 -> of(type, lz4Level);
            case ZSTD -> of(type, zstdLevel);
        };
    }

    private static void checkLevel(boolean valid, String setting, int level, String range) {
        if (!valid) {
            throw new IllegalArgumentException(setting + "=" + level + " is outside the valid range " + range);
        }
    }

    /** The codec. */
    public CompressionType type() {
        return type;
    }

    /** The level; 0 for codecs without levels. */
    public int level() {
        return level;
    }

    /**
     * Checks that the codec's library is on the classpath and loads, so a missing optional jar fails when a
     * producer is built rather than at the first batch.
     *
     * @throws IllegalStateException naming the Maven artifact ({@code groupId:artifactId}) to add
     */
    public void checkAvailable() {
        Codecs.forType(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Compression other && type == other.type && level == other.level;
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + level;
    }

    @Override
    public String toString() {
        return type == CompressionType.NONE || type == CompressionType.SNAPPY
                ? type.configName()
                : type.configName() + "(level " + level + ")";
    }
}
