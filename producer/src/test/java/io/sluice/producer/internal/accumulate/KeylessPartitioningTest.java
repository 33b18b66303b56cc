package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.protocol.record.Compression;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeylessPartitioningTest {
    private static final String T = "spread";

    /** Sends keyless records, draining every broker after each one, and counts records per partition. */
    private static long[] sendKeyless(AccumulatorFixture f, Cluster c, int partitions, int records, int size) {
        long[] counts = new long[partitions];
        Set<Integer> all = Set.copyOf(c.nodes().stream().map(n -> n.id()).toList());
        for (int i = 0; i < records; i++) {
            long result = f.acc.append(
                    new OutgoingRecord(
                            T,
                            PartitionChooser.KEYLESS,
                            f.now(),
                            null,
                            new byte[size],
                            AccumulatorFixture.NO_HEADERS,
                            null),
                    PartitionChooser.KEYLESS,
                    c,
                    0,
                    f.now());
            counts[AppendResult.partition(result)]++;
            if (AppendResult.batchIsFull(result)) {
                for (List<ProducerBatch> batches :
                        f.acc.drain(c, all, 1 << 20, f.now()).values()) {
                    for (ProducerBatch b : batches) {
                        b.complete(0, -1);
                        f.acc.deallocate(b);
                    }
                }
            }
        }
        return counts;
    }

    @Test
    void keylessRecordsStickToOnePartitionUntilItsBatchIsFull() {
        AccumulatorFixture f = new AccumulatorFixture(1024, 60_000, 1 << 24);
        Cluster c = TestClusters.of(3, T, 6);
        int first = -1;
        int switchedAfter = -1;
        for (int i = 0; i < 40; i++) {
            long r = f.acc.append(
                    new OutgoingRecord(
                            T,
                            PartitionChooser.KEYLESS,
                            f.now(),
                            null,
                            new byte[100],
                            AccumulatorFixture.NO_HEADERS,
                            null),
                    PartitionChooser.KEYLESS,
                    c,
                    0,
                    f.now());
            int p = AppendResult.partition(r);
            if (first < 0) {
                first = p;
            } else if (p != first && switchedAfter < 0) {
                switchedAfter = i;
            }
        }
        // ~100-byte records in 1024-byte batches: the first batch fills after 8 or 9, then the partition switches.
        assertThat(switchedAfter).isBetween(8, 11);
        assertThat(f.acc.queuedBatches(T, first)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void keylessRecordsSpreadEvenlyOverPartitions() {
        int partitions = 12;
        AccumulatorFixture f = new AccumulatorFixture(
                new AccumulatorSettings(1024, 0, 100, 1000, 120_000, Compression.NONE, false, 0, null, false), 1 << 24);
        Cluster c = TestClusters.of(3, T, partitions);
        long[] counts = sendKeyless(f, c, partitions, 120_000, 100);
        // Chi-square over batches (records stick in groups of ~9, so count batches, not records).
        double batchesTotal = 0;
        double[] batches = new double[partitions];
        for (int p = 0; p < partitions; p++) {
            batches[p] = counts[p] / 9.0;
            batchesTotal += batches[p];
        }
        double expected = batchesTotal / partitions;
        double chiSquare = 0;
        for (double observed : batches) {
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        // 11 degrees of freedom: the 99.9th percentile is 31.26.
        assertThat(chiSquare)
                .as("chi-square of %s", java.util.Arrays.toString(counts))
                .isLessThan(31.26);
        for (long count : counts) {
            assertThat(count).isGreaterThan(0);
        }
    }

    @Test
    void adaptivePartitioningFavoursPartitionsWithShorterQueues() {
        AccumulatorFixture f = new AccumulatorFixture(1024, 60_000, 1 << 26);
        Cluster c = TestClusters.of(2, T, 2);
        // Partition 0's broker is slow: 20 batches queue up there.
        for (int i = 0; i < 20; i++) {
            f.append(T, 0, new byte[1000], c);
        }
        f.acc.ready(c, f.now());
        KeylessPartitioner.LoadStats stats = f.acc.loadStats(T);
        assertThat(stats.partitionIds()).containsExactly(0, 1);
        // weights: partition 0 -> 20 + 1 - 20 = 1, partition 1 -> 20 + 1 - 0 = 21
        assertThat(stats.cumulativeWeights()).containsExactly(1, 22);

        long[] counts = new long[2];
        for (int i = 0; i < 2000; i++) {
            long r = f.acc.append(
                    new OutgoingRecord(
                            T,
                            PartitionChooser.KEYLESS,
                            f.now(),
                            null,
                            new byte[1000],
                            AccumulatorFixture.NO_HEADERS,
                            null),
                    PartitionChooser.KEYLESS,
                    c,
                    0,
                    f.now());
            counts[AppendResult.partition(r)]++;
        }
        assertThat(counts[1]).isGreaterThan(counts[0] * 5);
    }

    @Test
    void partitionWhoseBrokerIsNotDrainedPastTheAvailabilityTimeoutIsSkipped() {
        AccumulatorFixture f = new AccumulatorFixture(
                new AccumulatorSettings(1024, 0, 100, 1000, 120_000, Compression.NONE, true, 500, null, false),
                1 << 24);
        Cluster c = TestClusters.of(2, T, 2);
        f.append(T, 0, new byte[10], c);
        f.append(T, 1, new byte[10], c);
        f.acc.ready(c, f.now());
        f.clock.advance(600);
        // broker 1 is drained, broker 0 is not: it has had data ready for 600 ms
        Map<Integer, List<ProducerBatch>> drained = f.acc.drain(c, Set.of(1), 1 << 20, f.now());
        assertThat(drained.get(1)).hasSize(1);
        f.acc.ready(c, f.now());
        KeylessPartitioner.LoadStats stats = f.acc.loadStats(T);
        assertThat(stats.partitionIds()).containsExactly(1);
    }
}
