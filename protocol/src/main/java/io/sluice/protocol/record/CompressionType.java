package io.sluice.protocol.record;

import java.util.Locale;

/**
 * The codec of a record batch's records section, as numbered in bits 0-2 of the batch attributes and named
 * by Kafka's {@code compression.type} setting.
 */
public enum CompressionType {
    /** Records are stored as they are. */
    NONE(0, "none"),
    /** Deflate in a gzip member; from the JDK. */
    GZIP(1, "gzip"),
    /** Snappy in xerial snappy-java's stream framing; needs {@code org.xerial.snappy:snappy-java}. */
    SNAPPY(2, "snappy"),
    /** LZ4 in the LZ4 frame format with independent 64 KiB blocks; needs {@code at.yawk.lz4:lz4-java}. */
    LZ4(3, "lz4"),
    /** A Zstandard frame; needs {@code com.github.luben:zstd-jni}. */
    ZSTD(4, "zstd");

    private static final CompressionType[] BY_ID = values();

    private final int id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The codec's number in the batch attributes. */
    public int id() {
        return id;
    }

    /** The codec's name in the {@code compression.type} setting. */
    public String configName() {
        return configName;
    }

    /**
     * The codec named {@code name} as in {@code compression.type}, ignoring case.
     *
     * @throws IllegalArgumentException if no codec has that name
     */
    public static CompressionType forName(String name) {
        if (name != null) {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            for (CompressionType type : BY_ID) {
                if (type.configName.equals(lower)) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown compression type '" + name + "'; expected one of none, gzip, snappy, lz4, zstd");
    }

    /**
     * The codec numbered {@code id} in batch attributes, or {@code null} for the unused numbers 5 to 7.
     */
    public static CompressionType forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
