package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.telemetry.internals.ClientTelemetryUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Standalone blocks, as KIP-714 telemetry payloads travel, read back by kafka-clients' telemetry code. */
class BlockCompressionTest {

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void kafkaDecompressesWhatEachCodecWrites(CompressionType type) {
        byte[] text = "org.apache.kafka.producer.record.send.rate ".repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = BlockCompression.compress(Compression.of(type), text, 0, text.length);
        assertThat(compressed).isNotNull().hasSizeLessThan(text.length);

        ByteBuffer kafka = ClientTelemetryUtils.decompress(
                ByteBuffer.wrap(compressed),
                org.apache.kafka.common.record.internal.CompressionType.forId(type.id()),
                1 << 20);
        byte[] back = new byte[kafka.remaining()];
        kafka.get(back);
        assertThat(back).containsExactly(text);
        assertThat(BlockCompression.decompress(type, compressed, 1 << 20)).containsExactly(text);
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"GZIP", "ZSTD"})
    void givesUpOnDataItCannotShrink(CompressionType type) {
        byte[] noise = new byte[64];
        new Random(1).nextBytes(noise);
        assertThat(BlockCompression.compress(Compression.of(type), noise, 0, noise.length))
                .isNull();
    }

    @org.junit.jupiter.api.Test
    void noneIsNeverCompressed() {
        assertThat(BlockCompression.compress(Compression.NONE, new byte[10], 0, 10))
                .isNull();
    }
}
