/**
 * The Kafka wire protocol, as bytes: primitive types, message codecs, the record batch v2 format with its
 * compression codecs, and every Kafka error code. It knows nothing about producers.
 *
 * <p>The compression libraries are optional ({@code requires static}): a codec whose library is absent, or not
 * resolved in the module graph (add it with {@code --add-modules}), fails only when that codec is used, with the
 * Maven artifact named.
 */
// The three codec libraries are automatic modules (no module-info of their own); reading them is intended.
@SuppressWarnings("requires-automatic")
module io.sluice.protocol {
    // snappy-java declares no module name: this is the one derived from its jar's file name (snappy-java-*.jar).
    requires static snappy.java;
    requires static org.lz4.java;
    requires static com.github.luben.zstd_jni;

    exports io.sluice.protocol;
    exports io.sluice.protocol.message;
    exports io.sluice.protocol.record;
    exports io.sluice.protocol.types;
}
