package io.sluice.protocol.record;

import static io.sluice.protocol.record.TestRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordBatchBuilderTest {
    private static final long T0 = TestRecords.T0;

    @Test
    void appendRefusesARecordThatDoesNotFitAndLeavesTheBatchIntact() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(100), Compression.NONE, T0);
        builder.append(T0, bytes("k"), bytes("v"), null);
        int size = builder.sizeInBytes();

        assertThat(builder.hasRoomFor(T0, null, new byte[100], null)).isFalse();
        assertThatThrownBy(() -> builder.append(T0, null, new byte[100], null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not fit");
        assertThat(builder.sizeInBytes()).isEqualTo(size);
        assertThat(builder.recordCount()).isEqualTo(1);
    }

    @Test
    void aSealedBatchTakesNoMoreRecordsAndCannotBeSealedTwice() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(200), Compression.NONE, T0);
        builder.append(T0, null, bytes("v"), null);
        builder.seal(-1L, (short) -1, -1, false);

        assertThat(builder.isSealed()).isTrue();
        assertThat(builder.hasRoomFor(T0, null, null, null)).isFalse();
        assertThatThrownBy(() -> builder.append(T0, null, null, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.seal(-1L, (short) -1, -1, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyBatchCannotBeSealed() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(200), Compression.NONE, T0);

        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.maxTimestamp()).isEqualTo(T0);
        assertThatThrownBy(() -> builder.seal(-1L, (short) -1, -1, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesFromTheBufferPositionToItsLimit() {
        ByteBuffer pooled = ByteBuffer.allocate(1000);
        pooled.position(100).limit(400);
        RecordBatchBuilder builder = new RecordBatchBuilder(pooled.slice(), Compression.NONE, T0);
        builder.append(T0, bytes("key"), bytes("value"), null);

        ByteBuffer sealed = builder.seal(1L, (short) 0, 0, false);

        assertThat(sealed.position()).isZero();
        assertThat(sealed.limit()).isEqualTo(builder.sizeInBytes());
        assertThat(sealed.arrayOffset()).isEqualTo(100);
        assertThat(pooled.array()[100 + RecordBatches.MAGIC]).isEqualTo((byte) 2);
        assertThat(RecordBatchReader.readAll(sealed).get(0).records().get(0).value())
                .isEqualTo(bytes("value"));
    }

    @Test
    void theFirstRecordSetsTheBaseTimestampAndLaterOnesMayBeEarlier() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(500), Compression.NONE, 0L);
        builder.append(T0, null, bytes("a"), null);
        builder.append(T0 - 1000, null, bytes("b"), null);
        builder.append(T0 + 1000, null, bytes("c"), null);

        DecodedBatch batch = RecordBatchReader.readAll(builder.seal(-1, (short) -1, -1, false))
                .get(0);

        assertThat(batch.baseTimestamp()).isEqualTo(T0);
        assertThat(batch.maxTimestamp()).isEqualTo(T0 + 1000);
        assertThat(batch.records()).extracting(DecodedRecord::timestamp).containsExactly(T0, T0 - 1000, T0 + 1000);
    }

    @Test
    void incompressibleRecordsAreSentUncompressed() {
        byte[] random = new byte[2000];
        new Random(5).nextBytes(random);
        RecordBatchBuilder builder =
                new RecordBatchBuilder(ByteBuffer.allocate(4000), Compression.of(CompressionType.GZIP), T0);
        builder.append(T0, null, random, null);
        int uncompressed = builder.sizeInBytes();

        ByteBuffer sealed = builder.seal(-1, (short) -1, -1, false);

        assertThat(sealed.remaining()).isEqualTo(uncompressed);
        DecodedBatch batch = RecordBatchReader.readAll(sealed).get(0);
        assertThat(batch.compressionType()).isEqualTo(CompressionType.NONE);
        assertThat(batch.records().get(0).value()).isEqualTo(random);
    }

    @Test
    void compressedBatchesShrinkInPlace() {
        RecordBatchBuilder builder =
                new RecordBatchBuilder(ByteBuffer.allocate(64 * 1024), Compression.of(CompressionType.LZ4), T0);
        while (builder.hasRoomFor(T0, bytes("key"), bytes("value value value value value"), null)) {
            builder.append(T0, bytes("key"), bytes("value value value value value"), null);
        }
        int uncompressed = builder.sizeInBytes();

        ByteBuffer sealed = builder.seal(-1, (short) -1, -1, false);

        assertThat(sealed.remaining()).isLessThan(uncompressed / 4);
        assertThat(builder.sizeInBytes()).isEqualTo(sealed.remaining());
        assertThat(RecordBatchReader.readAll(sealed).get(0).recordCount()).isEqualTo(builder.recordCount());
    }

    @Test
    void rejectsBuffersItCannotWriteInPlace() {
        assertThatThrownBy(() -> new RecordBatchBuilder(ByteBuffer.allocateDirect(100), Compression.NONE, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordBatchBuilder(ByteBuffer.allocate(60), Compression.NONE, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new RecordBatchBuilder(ByteBuffer.allocate(100).asReadOnlyBuffer(), Compression.NONE, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNullHeaderKeys() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(100), Compression.NONE, T0);
        Header nullKey = new Header() {
            @Override
            public String key() {
                return null;
            }

            @Override
            public byte[] value() {
                return null;
            }
        };

        assertThatThrownBy(() -> builder.append(T0, null, null, new Header[] {nullKey}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.isEmpty()).isTrue();
    }

    @Test
    void appendingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] key = bytes("key-1");
        byte[] value = new byte[100];
        Header[] headers = {new RecordHeader("trace-id", bytes("abc")), new RecordHeader("ключ", null)};
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024 * 1024);
        RecordBatchBuilder warm = new RecordBatchBuilder(buffer, Compression.NONE, T0);
        for (int i = 0; i < 1000; i++) {
            warm.append(T0 + i, key, value, headers);
        }
        RecordBatchBuilder builder = new RecordBatchBuilder(buffer, Compression.NONE, T0);
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 50_000; i++) {
            if (builder.hasRoomFor(T0 + i, key, value, headers)) {
                builder.append(T0 + i, key, value, headers);
            }
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(builder.recordCount()).isEqualTo(50_000);
        // Well under one byte per record: only measurement noise, nothing per record.
        assertThat(allocated).isLessThan(50_000);
    }
}
