package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@link RecordBatchBuilder#compress} ahead of {@link RecordBatchBuilder#seal} changes when, not what. */
class RecordBatchBuilderCompressTest {
    private static final Header[] NONE = new Header[0];

    @Test
    void compressingFirstSealsToTheSameBytesAsSealingAlone() {
        for (CompressionType type : new CompressionType[] {CompressionType.GZIP, CompressionType.LZ4}) {
            RecordBatchBuilder early = filled(type);
            early.compress();
            assertThat(early.sizeInBytes()).isLessThan(filled(type).sizeInBytes());
            early.compress(); // a second call does nothing
            ByteBuffer a = early.seal(7L, (short) 1, 3, true);
            ByteBuffer b = filled(type).seal(7L, (short) 1, 3, true);
            assertThat(a).isEqualTo(b);
            assertThat(RecordBatchReader.readAll(a).get(0).records()).hasSize(50);
        }
    }

    @Test
    void aCompressedBatchTakesNoMoreRecords() {
        RecordBatchBuilder builder = filled(CompressionType.LZ4);
        builder.compress();
        assertThat(builder.hasRoomFor(1L, null, new byte[1], NONE)).isFalse();
        assertThatThrownBy(() -> builder.append(1L, null, new byte[1], NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("compressed");
    }

    @Test
    void anIncompressibleBatchStaysUncompressed() {
        RecordBatchBuilder builder =
                new RecordBatchBuilder(ByteBuffer.allocate(256), Compression.of(CompressionType.LZ4), 0L);
        builder.append(1L, null, new byte[] {1, 7, 3}, NONE);
        builder.compress();
        ByteBuffer sealed = builder.seal(-1L, (short) -1, -1, false);
        assertThat(RecordBatchReader.readAll(sealed).get(0).compressionType()).isEqualTo(CompressionType.NONE);
    }

    private static RecordBatchBuilder filled(CompressionType type) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(16384), Compression.of(type), 1000L);
        for (int i = 0; i < 50; i++) {
            byte[] value = new byte[100];
            value[i % 100] = (byte) i;
            builder.append(1000L + i, null, value, NONE);
        }
        return builder;
    }
}
