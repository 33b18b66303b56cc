package io.sluice.producer.internal.spool;

import static io.sluice.producer.internal.spool.SpoolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordHeader;
import io.sluice.producer.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyEntryTypeIsReadBackAsWritten() {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition a1 = new TopicPartition("a", 1);
        long r1;
        long r2;
        long r3;
        try (Spool spool = Spool.open(settings(dir))) {
            assertThat(spool.recovered()).isEqualTo(Recovered.NOTHING);
            r1 = spool.appendRecord("a", 0, 42L, null, bytes("v1"), headers("h", "x", "empty", null, "ü", ""));
            r2 = append(spool, "a", -1, "v2");
            r3 = append(spool, "b", -1, "v3");
            long r4 = append(spool, "a", 1, "v4");
            long r5 = append(spool, "a", 1, "v5");
            spool.placed(r2, 3);
            spool.sync(spool.stamped(7L, (short) 2, a0, 10, new long[] {r1}, 1));
            spool.stamped(7L, (short) 2, a1, 0, new long[] {r4, 99}, 1);
            spool.acked(new long[] {r4}, 1);
            spool.failed(new long[] {r5}, 1);
        }
        try (Spool spool = Spool.open(settings(dir))) {
            Recovered recovered = spool.recovered();
            assertThat(recovered.partitions()).hasSize(2);
            PartitionBacklog first = recovered.partitions().get(0);
            assertThat(first.partition()).isEqualTo(a0);
            assertThat(first.unstamped()).isEmpty();
            assertThat(first.stamped()).hasSize(1);
            StampedBatch batch = first.stamped().get(0);
            assertThat(batch.producerId()).isEqualTo(7L);
            assertThat(batch.epoch()).isEqualTo((short) 2);
            assertThat(batch.baseSequence()).isEqualTo(10);
            SpooledRecord record = batch.records().get(0);
            assertThat(record.sequence()).isEqualTo(r1);
            assertThat(record.topic()).isEqualTo("a");
            assertThat(record.partition()).isZero();
            assertThat(record.timestamp()).isEqualTo(42L);
            assertThat(record.key()).isNull();
            assertThat(value(record)).isEqualTo("v1");
            assertThat(record.headers())
                    .containsExactly(
                            new RecordHeader("h", bytes("x")),
                            new RecordHeader("empty", null),
                            new RecordHeader("ü", new byte[0]));

            PartitionBacklog placed = recovered.partitions().get(1);
            assertThat(placed.partition()).isEqualTo(new TopicPartition("a", 3));
            assertThat(placed.stamped()).isEmpty();
            assertThat(placed.unstamped()).extracting(SpooledRecord::sequence).containsExactly(r2);
            assertThat(placed.unstamped().get(0).key()).isEqualTo(bytes("k-v2"));

            assertThat(recovered.unplaced()).extracting(SpooledRecord::sequence).containsExactly(r3);
            assertThat(recovered.unplaced().get(0).partition()).isEqualTo(-1);
            assertThat(recovered.identity()).isEqualTo(new SequenceState(7L, (short) 2, 0));
            assertThat(recovered.sequences())
                    .containsEntry(a0, new SequenceState(7L, (short) 2, 11))
                    .containsEntry(a1, new SequenceState(7L, (short) 2, 1));
            assertThat(recovered.recordCount()).isEqualTo(3);
        }
    }

    @Test
    void markersBeforeARecordSurviveAKillWithIt() throws Exception {
        Spool spool = Spool.open(settings(dir));
        long r0 = append(spool, "t", 0, "v0");
        long r1 = append(spool, "t", 0, "v1");
        spool.acked(new long[] {r0}, 1);
        long r2 = append(spool, "t", 0, "v2"); // its write carries the marker appended before it
        spool.crash();
        try (Spool reopened = Spool.open(settings(dir))) {
            assertThat(reopened.recovered().partitions().get(0).unstamped())
                    .extracting(SpooledRecord::sequence)
                    .containsExactly(r1, r2);
            assertThat(append(reopened, "t", 0, "v3")).as("sequences continue").isEqualTo(r2 + 1);
        }
    }

    @Test
    void aRestampedBatchIsRecoveredWithItsLastStampAndSplitHalvesApart() {
        TopicPartition p = new TopicPartition("t", 0);
        long[] g = new long[4];
        try (Spool spool = Spool.open(settings(dir))) {
            for (int i = 0; i < 4; i++) {
                g[i] = append(spool, "t", 0, "v" + i);
            }
            spool.stamped(1L, (short) 0, p, 0, g, 4);
            spool.stamped(5L, (short) 0, p, 0, g, 4); // a new identity restamps the whole batch from 0
            spool.stamped(5L, (short) 0, p, 0, g, 2); // split: the halves keep the range
            spool.stamped(5L, (short) 0, p, 2, new long[] {g[2], g[3]}, 2);
        }
        try (Spool spool = Spool.open(settings(dir))) {
            List<StampedBatch> batches = spool.recovered().partitions().get(0).stamped();
            assertThat(batches).hasSize(2);
            assertThat(batches.get(0).producerId()).isEqualTo(5L);
            assertThat(batches.get(0).baseSequence()).isZero();
            assertThat(batches.get(0).records())
                    .extracting(SpooledRecord::sequence)
                    .containsExactly(g[0], g[1]);
            assertThat(batches.get(1).baseSequence()).isEqualTo(2);
            assertThat(batches.get(1).records())
                    .extracting(SpooledRecord::sequence)
                    .containsExactly(g[2], g[3]);
            assertThat(spool.recovered().sequences()).containsEntry(p, new SequenceState(5L, (short) 0, 4));
        }
    }

    @Test
    void theSequencesOutliveTheSegmentsOfTheirStamps() throws Exception {
        TopicPartition p = new TopicPartition("t", 4);
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            long g = append(spool, "t", 4, "first");
            spool.stamped(9L, (short) 3, p, 100, new long[] {g}, 1);
            spool.acked(new long[] {g}, 1);
            Path firstSegment = spool.segmentFiles().get(0);
            for (int i = 0; Files.exists(firstSegment); i++) {
                long next = append(spool, "u", 0, "filler-" + "x".repeat(100) + i);
                spool.acked(new long[] {next}, 1);
                assertThat(i).as("appends before the first segment is deleted").isLessThan(10_000);
            }
        }
        try (Spool spool = Spool.open(settings(dir, FsyncPolicy.NONE, 1024, 1 << 20))) {
            assertThat(spool.recovered().recordCount()).isZero();
            assertThat(spool.recovered().sequences()).containsEntry(p, new SequenceState(9L, (short) 3, 101));
            assertThat(spool.recovered().identity()).isEqualTo(new SequenceState(9L, (short) 3, 0));
        }
    }

    @Test
    void anAckedEntryIsLaidOutAsDocumented() throws Exception {
        try (Spool spool = Spool.open(settings(dir))) {
            spool.acked(new long[] {5, 6, 7}, 3);
        }
        byte[] file = Files.readAllBytes(dir.resolve("00000000000000000000.spool"));
        byte[] typeAndBody = {
            4, // type ACKED
            3, // varint count
            10, // zigzag 5: the first sequence, from 0
            2, // zigzag +1
            2, // zigzag +1
        };
        CRC32C crc = new CRC32C();
        crc.update(typeAndBody);
        int c = (int) crc.getValue();
        assertThat(file)
                .containsExactly(
                        0,
                        0,
                        0,
                        5, // length of type and body
                        (byte) (c >>> 24),
                        (byte) (c >>> 16),
                        (byte) (c >>> 8),
                        (byte) c, // CRC-32C of type and body
                        4,
                        3,
                        10,
                        2,
                        2);
    }
}
