package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void typesAreFoundByTheirConfigNameAndId(CompressionType type) {
        assertThat(CompressionType.forName(type.configName())).isEqualTo(type);
        assertThat(CompressionType.forName(type.configName().toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(type);
        assertThat(CompressionType.forId(type.id())).isEqualTo(type);
        assertThat(type.id())
                .isEqualTo(org.apache.kafka.common.record.internal.CompressionType.forName(type.configName()).id);
    }

    @Test
    void unknownNamesAreRefused() {
        assertThatThrownBy(() -> CompressionType.forName("brotli"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brotli");
        assertThat(CompressionType.forId(5)).isNull();
    }

    @Test
    void levelsDefaultsAndRangesAreKafkas() {
        var gzip = org.apache.kafka.common.record.internal.CompressionType.GZIP;
        var lz4 = org.apache.kafka.common.record.internal.CompressionType.LZ4;
        var zstd = org.apache.kafka.common.record.internal.CompressionType.ZSTD;
        assertThat(Compression.of(CompressionType.GZIP).level()).isEqualTo(gzip.defaultLevel());
        assertThat(Compression.of(CompressionType.LZ4).level()).isEqualTo(lz4.defaultLevel());
        assertThat(Compression.of(CompressionType.ZSTD).level()).isEqualTo(zstd.defaultLevel());
        assertThat(Compression.GZIP_MIN_LEVEL).isEqualTo(gzip.minLevel());
        assertThat(Compression.GZIP_MAX_LEVEL).isEqualTo(gzip.maxLevel());
        assertThat(Compression.LZ4_MIN_LEVEL).isEqualTo(lz4.minLevel());
        assertThat(Compression.LZ4_MAX_LEVEL).isEqualTo(lz4.maxLevel());
        assertThat(Compression.ZSTD_MIN_LEVEL).isEqualTo(zstd.minLevel());
        assertThat(Compression.ZSTD_MAX_LEVEL).isEqualTo(zstd.maxLevel());
    }

    @ParameterizedTest
    @CsvSource({"GZIP, 0", "GZIP, 10", "GZIP, -2", "LZ4, 0", "LZ4, 18", "ZSTD, 23", "ZSTD, -131073"})
    void levelsOutsideKafkasRangesAreRefused(CompressionType type, int level) {
        assertThatThrownBy(() -> Compression.of(type, level))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(level));
    }

    @ParameterizedTest
    @CsvSource({"GZIP, -1", "GZIP, 1", "GZIP, 9", "LZ4, 1", "LZ4, 17", "ZSTD, -131072", "ZSTD, -5", "ZSTD, 22"})
    void everyLevelInRangeWritesReadableBatches(CompressionType type, int level) {
        Compression compression = Compression.of(type, level);
        ByteBuffer sealed =
                TestRecords.write(TestRecords.scenarios().get(3).records(), compression, -1L, (short) -1, -1, false);

        DecodedBatch batch = RecordBatchReader.readAll(sealed).get(0);

        if (level == Compression.ZSTD_MIN_LEVEL) {
            // zstd's fastest level barely compresses; the batch may go out uncompressed instead.
            assertThat(batch.compressionType()).isIn(type, CompressionType.NONE);
        } else {
            assertThat(batch.compressionType()).isEqualTo(type);
        }
        assertThat(batch.recordCount()).isEqualTo(5_000);
    }

    @Test
    void higherLevelsCompressHarder() {
        int fast = TestRecords.write(
                        TestRecords.scenarios().get(3).records(),
                        Compression.of(CompressionType.ZSTD, -5),
                        -1L,
                        (short) -1,
                        -1,
                        false)
                .remaining();
        int strong = TestRecords.write(
                        TestRecords.scenarios().get(3).records(),
                        Compression.of(CompressionType.ZSTD, 19),
                        -1L,
                        (short) -1,
                        -1,
                        false)
                .remaining();
        assertThat(strong).isLessThan(fast);
    }

    @Test
    void levelsOnlyExistForCodecsThatHaveThem() {
        assertThatThrownBy(() -> Compression.of(CompressionType.SNAPPY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Compression.fromConfig("snappy", 0, 0, 0)).isEqualTo(Compression.of(CompressionType.SNAPPY));
        assertThat(Compression.fromConfig("lz4", 99, 4, 99)).isEqualTo(Compression.of(CompressionType.LZ4, 4));
    }
}
