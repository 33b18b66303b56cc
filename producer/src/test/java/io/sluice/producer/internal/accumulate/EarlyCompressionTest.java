package io.sluice.producer.internal.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.CompressionType;
import io.sluice.protocol.record.DecodedBatch;
import io.sluice.protocol.record.DecodedRecord;
import io.sluice.protocol.record.RecordBatchReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With a codec, the sending thread that fills a batch compresses it; the sender's seal only finishes it. */
class EarlyCompressionTest {
    private static final String T = "events";
    private final Cluster cluster = TestClusters.of(2, T, 4);

    @Test
    void aFullBatchIsCompressedByTheAppendThatFoundItFullAndSealsToTheSameRecords() {
        AccumulatorFixture f = fixture(Compression.of(CompressionType.LZ4));
        List<byte[]> values = fillTwoBatches(f);
        ProducerBatch first = f.acc.partitionQueue(T, 0).batches.peekFirst();
        assertThat(first.sealed()).as("not sealed before drain").isNull();
        assertThat(first.estimatedSizeInBytes())
                .as("compressed already: repetitive values shrink far below batch.size")
                .isLessThan(300);

        ProducerBatch drained =
                f.acc.drain(cluster, Set.of(0), 1 << 20, f.now()).get(0).get(0);
        assertThat(drained).isSameAs(first);
        List<DecodedBatch> decoded = RecordBatchReader.readAll(drained.sealed());
        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).compressionType()).isEqualTo(CompressionType.LZ4);
        List<DecodedRecord> records = decoded.get(0).records();
        assertThat(records).hasSize(drained.recordCount());
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).value()).isEqualTo(values.get(i));
        }
    }

    @Test
    void withoutACodecTheFullBatchIsLeftForTheSenderToSeal() {
        AccumulatorFixture f = fixture(Compression.NONE);
        fillTwoBatches(f);
        ProducerBatch first = f.acc.partitionQueue(T, 0).batches.peekFirst();
        assertThat(first.estimatedSizeInBytes()).isGreaterThan(900);
    }

    private AccumulatorFixture fixture(Compression codec) {
        return new AccumulatorFixture(
                new AccumulatorSettings(1024, 60_000, 100, 1000, 120_000, codec, true, 0), 1 << 20);
    }

    /** Appends 100-byte values to partition 0 until a second batch opens; returns the values in order. */
    private List<byte[]> fillTwoBatches(AccumulatorFixture f) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; f.acc.queuedBatches(T, 0) < 2; i++) {
            byte[] value = new byte[100];
            Arrays.fill(value, (byte) ('a' + i % 3));
            values.add(value);
            f.append(T, 0, value, cluster);
        }
        return values;
    }
}
