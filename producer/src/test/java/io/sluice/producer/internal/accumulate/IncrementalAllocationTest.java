package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

/** {@code buffer.memory.allocation.strategy}: memory up front per batch, or as records arrive. */
class IncrementalAllocationTest {
    private static final String T = "grow";
    private static final int BATCH_SIZE = 16384;
    private static final long MEMORY = 1 << 22;
    private final Cluster cluster = TestClusters.of(1, T, 100);

    private static AccumulatorFixture fixture(boolean incremental) {
        AccumulatorSettings settings = new AccumulatorSettings(
                BATCH_SIZE, 60_000, 100, 1000, 120_000, Compression.NONE, true, 0, null, incremental);
        return new AccumulatorFixture(settings, MEMORY);
    }

    @Test
    void fullAllocationTakesABatchSizePerPartitionWhateverTheData() {
        AccumulatorFixture f = fixture(false);
        for (int p = 0; p < 100; p++) {
            f.append(T, p, new byte[10], cluster);
        }

        assertThat(MEMORY - f.pool.availableMemory()).isEqualTo(100L * BATCH_SIZE);
    }

    @Test
    void incrementalAllocationTakesMemoryForTheDataOnly() {
        AccumulatorFixture f = fixture(true);
        for (int p = 0; p < 100; p++) {
            f.append(T, p, new byte[10], cluster);
        }

        assertThat(MEMORY - f.pool.availableMemory()).isEqualTo(100L * AccumulatorSettings.FIRST_INCREMENT);
    }

    @Test
    void anIncrementalBatchGrowsToBatchSizeAndKeepsEveryRecordInOrder() {
        AccumulatorFixture f = fixture(true);
        int appended = 0;
        while (f.acc.queuedBatches(T, 0) < 2) {
            byte[] value = new byte[100];
            value[0] = (byte) appended;
            f.append(T, 0, value, cluster);
            appended++;
            if (f.acc.queuedBatches(T, 0) == 1) {
                // While one batch is open its memory follows its size: at most twice what it holds.
                long used = MEMORY - f.pool.availableMemory();
                long held = RecordBatchBuilder.BATCH_OVERHEAD + 110L * appended;
                assertThat(used).isLessThanOrEqualTo(Math.max(AccumulatorSettings.FIRST_INCREMENT, 2 * held));
            }
        }
        Map<Integer, List<ProducerBatch>> drained = f.acc.drain(cluster, Set.of(0), 1 << 20, f.now());
        ProducerBatch first = drained.get(0).get(0);

        assertThat(first.allocationSize()).isEqualTo(BATCH_SIZE);
        RecordBatch batch = MemoryRecords.readableRecords(first.sealed())
                .batches()
                .iterator()
                .next();
        batch.ensureValid();
        assertThat(batch.countOrNull()).isEqualTo(appended - 1);
        int i = 0;
        for (Record r : batch) {
            assertThat(r.value().get(0)).as("record %d", i).isEqualTo((byte) i);
            i++;
        }
        // the same records fill a full-allocation batch exactly as far
        AccumulatorFixture full = fixture(false);
        for (int n = 0; n < appended; n++) {
            full.append(T, 0, new byte[100], cluster);
        }
        assertThat(full.acc
                        .drain(cluster, Set.of(0), 1 << 20, full.now())
                        .get(0)
                        .get(0)
                        .recordCount())
                .isEqualTo(appended - 1);
    }

    @Test
    void memoryOfAGrownBatchGoesBackToThePoolWhenItCompletes() {
        AccumulatorFixture f = fixture(true);
        for (int n = 0; n < 60; n++) {
            f.append(T, 0, new byte[100], cluster);
        }
        List<ProducerBatch> batches =
                f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0);
        for (ProducerBatch b : batches) {
            b.complete(0, -1);
            f.acc.deallocate(b);
        }

        assertThat(f.pool.availableMemory()).isEqualTo(MEMORY);
    }

    @Test
    void theBuffersAGrowingBatchLeavesAreReusedNotReallocated() {
        AccumulatorFixture f = fixture(true);
        java.nio.ByteBuffer small = f.pool.allocate(2048, 0);
        f.pool.deallocate(small, 2048);
        assertThat(f.pool.allocate(2048, 0)).isSameAs(small);
        // a size between the powers of two is never kept
        java.nio.ByteBuffer odd = f.pool.allocate(3000, 0);
        f.pool.deallocate(odd, 3000);
        assertThat(f.pool.allocate(3000, 0)).isNotSameAs(odd);
        // kept buffers still count as free memory and are given up when a larger request needs the room
        f.pool.deallocate(f.pool.allocate(1024, 0), 1024);
        assertThat(f.pool.availableMemory()).isEqualTo(MEMORY - 2048 - 3000);
        assertThat(f.pool.allocate((int) (MEMORY - 2048 - 3000), 0).capacity()).isEqualTo((int) (MEMORY - 2048 - 3000));
    }
}
